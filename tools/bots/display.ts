/**
 * What a page sees of a pointer driven at a tool's own timing: an OS-level script (pyautogui, xdotool, a
 * Java robot) moves the cursor whenever it likes, but a browser hands the page at most one move a display
 * frame (the latest position, coalesced); and a library's sparse path resampled to a frame clock, as an
 * evaluation or a smoother does, has its positions interpolated between the points it sent. Applied to a
 * session's events after they are written, so any family's clock can be seen either way.
 */
import type { TraceEvent } from '../data.ts'
import type { Rng } from './rng.ts'

export const DISPLAY_MODES = {
  as_sent: 'every move as the tool sent it',
  coalesced: "the moves of each display frame coalesced into the frame's last, at the frame's time",
  resampled: "positions interpolated between the tool's moves at every display frame",
} as const
export type DisplayMode = keyof typeof DISPLAY_MODES

/** A display's frame clock: frame k at phase + k * period, each off by up to `jitter` ms. */
export interface Frames {
  period: number
  phase: number
  jitter: number
}

export function drawFrames(rng: Rng): Frames {
  const period = rng.pick([1000 / 60, 1000 / 60, 1000 / 60, 1000 / 144, 1000 / 75])
  return { period, phase: rng.range(0, period), jitter: rng.range(0, 0.5) }
}

/** The index of the first frame at or after `t`. */
function frameAt(f: Frames, t: number): number {
  return Math.ceil((t - f.phase) / f.period)
}

/** Moves separated by more than this are two movements: the pointer rests between them, nothing is interpolated. */
const MAX_GAP_MS = 150

const isMove = (e: TraceEvent) => e.type === 'mousemove'

/**
 * The events as a page would see them in `mode` (events sorted in time). A move is never shown after the
 * next event that is not a move: a browser delivers pending moves before a press, a key or a wheel event.
 */
export function throughDisplay(
  events: readonly TraceEvent[],
  mode: DisplayMode,
  frames: Frames,
  rng: Rng,
  whole: boolean,
): TraceEvent[] {
  if (mode === 'as_sent') return [...events]
  const out: TraceEvent[] = []
  const nextOther = new Array<number>(events.length)
  for (let i = events.length - 1, next = Infinity; i >= 0; i--) {
    nextOther[i] = next
    if (!isMove(events[i]!)) next = events[i]!.t_ms
  }
  const at = (k: number, bound: number, floor: number) =>
    Math.max(floor, Math.min(bound, frames.phase + k * frames.period + rng.range(-1, 1) * frames.jitter))
  const lastT = () => out[out.length - 1]?.t_ms ?? -Infinity
  const push = (e: TraceEvent) => {
    const prev = out[out.length - 1]
    if (whole && prev && isMove(prev) && isMove(e) && prev.x === e.x && prev.y === e.y) return
    out.push(e)
  }
  if (mode === 'coalesced') {
    let pending: { e: TraceEvent; k: number; bound: number } | null = null
    const flush = () => {
      if (pending)
        push({ ...pending.e, t_ms: at(pending.k, pending.bound, Math.max(pending.e.t_ms, lastT())) })
      pending = null
    }
    events.forEach((e, i) => {
      if (!isMove(e)) {
        flush()
        out.push(e)
        return
      }
      const k = frameAt(frames, e.t_ms)
      if (pending && pending.k !== k) flush()
      pending = { e, k, bound: nextOther[i]! }
    })
    flush()
    return out
  }
  // resampled: within each movement (a run of moves with no gap over MAX_GAP_MS and no other event), a move
  // at every frame from the first move's on, its position interpolated between the moves around it
  const round = (v: number) => (whole ? Math.round(v) : v)
  let i = 0
  while (i < events.length) {
    const e = events[i]!
    if (!isMove(e)) {
      out.push(e)
      i++
      continue
    }
    let j = i
    while (
      j + 1 < events.length &&
      isMove(events[j + 1]!) &&
      events[j + 1]!.t_ms - events[j]!.t_ms <= MAX_GAP_MS
    )
      j++
    const bound = nextOther[j]!
    const end = events[j]!
    let a = i
    for (let k = frameAt(frames, e.t_ms); ; k++) {
      const t = frames.phase + k * frames.period
      if (t > bound) {
        // the next event comes before the frame that would show the end: the browser delivers it first
        push({ ...end, t_ms: Math.max(lastT(), end.t_ms), x: round(end.x!), y: round(end.y!) })
        break
      }
      while (a < j && events[a + 1]!.t_ms <= t) a++
      const p = events[a]!
      const q = events[Math.min(j, a + 1)]!
      const f = q.t_ms > p.t_ms ? Math.min(1, Math.max(0, (t - p.t_ms) / (q.t_ms - p.t_ms))) : 1
      const x = round(p.x! + (q.x! - p.x!) * f)
      const y = round(p.y! + (q.y! - p.y!) * f)
      push({ ...q, t_ms: at(k, bound, lastT()), x, y })
      if (t >= end.t_ms) break
    }
    i = j + 1
  }
  return out
}
