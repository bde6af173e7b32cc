/** Shared scaffolding for generated bot sessions: a screen, targets on it, and the record being written. */
import type { TraceEvent, TraceRecord } from '../data.ts'
import type { Rng } from './rng.ts'

export const SCREENS: readonly [number, number][] = [
  [1366, 768],
  [1536, 864],
  [1920, 1080],
  [1280, 720],
  [2560, 1440],
]

export interface Session {
  rng: Rng
  screen: [number, number]
  events: TraceEvent[]
  t: number
  x: number
  y: number
  /** the left button is down: moves carry `buttons: 1` */
  held: boolean
}

export function startSession(rng: Rng): Session {
  const screen = rng.pick(SCREENS)
  return {
    rng,
    screen,
    events: [],
    t: rng.range(0, 500),
    x: rng.range(0, screen[0]),
    y: rng.range(0, screen[1]),
    held: false,
  }
}

export function randomTarget(s: Session): [number, number] {
  return [s.rng.range(20, s.screen[0] - 20), s.rng.range(20, s.screen[1] - 20)]
}

export function move(s: Session, x: number, y: number, extra: Partial<TraceEvent> = {}): void {
  s.x = x
  s.y = y
  s.events.push({ t_ms: s.t, x, y, type: 'mousemove', ...(s.held ? { buttons: 1 } : {}), ...extra })
}

export function press(s: Session, holdMs: number, extra: Partial<TraceEvent> = {}): void {
  s.events.push({ t_ms: s.t, x: s.x, y: s.y, type: 'mousedown', button: 0, ...extra })
  s.t += holdMs
  s.events.push({ t_ms: s.t, x: s.x, y: s.y, type: 'mouseup', button: 0, ...extra })
  s.events.push({ t_ms: s.t, x: s.x, y: s.y, type: 'click', button: 0, ...extra })
}

/** The left button goes down where the pointer is; moves carry `buttons: 1` until `release`. */
export function hold(s: Session): void {
  s.events.push({ t_ms: s.t, x: s.x, y: s.y, type: 'mousedown', button: 0 })
  s.held = true
}

/** The button comes up where the pointer is, followed by the click a browser fires unless `click` is false. */
export function release(s: Session, click = true): void {
  s.events.push({ t_ms: s.t, x: s.x, y: s.y, type: 'mouseup', button: 0 })
  if (click) s.events.push({ t_ms: s.t, x: s.x, y: s.y, type: 'click', button: 0 })
  s.held = false
}

/** The session as a record: events sorted in time (keys may have been written out of order), from 0. */
export function finish(
  s: Session,
  kind: string,
  index: number,
  extra: Partial<TraceRecord> = {},
): TraceRecord {
  // stable: events written at one time keep their order (mousedown, mouseup, click)
  const events = [...s.events].sort((a, b) => a.t_ms - b.t_ms)
  const t0 = events[0]?.t_ms ?? 0
  return {
    source: 'generated',
    label: 'bot',
    bot_kind: kind,
    session_id: `${kind}/${index}`,
    screen: s.screen,
    events: events.map((e) => ({ ...e, t_ms: e.t_ms - t0 })),
    ...extra,
  }
}

/** Session length in ms: most generated sessions are short, like a real verify call. */
export function sessionLength(rng: Rng): number {
  return rng.pick([4000, 8000, 15000, 30000, 60000])
}
