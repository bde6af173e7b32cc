/**
 * Press schedules of real people: when and where each recorded person pressed a mouse button. A family
 * that replays one moves to each of those targets at (roughly) the recorded time, so the only thing left
 * that differs from the person is the way of moving.
 */
import type { TraceEvent, TraceRecord } from '../data.ts'
import type { Rng } from './rng.ts'
import { SCREENS, type Session } from './session.ts'

export type PressSchedule = {
  screen: [number, number] | null
  /** ms from the start of the record, client (or, where the recorder wrote them, screen) pixels */
  presses: { t: number; x: number; y: number; settle?: number; hold?: number; path?: ReachPath }[]
}

/**
 * The person's own movement onto a press: their moves of the last REACH_MS before it (none before the
 * press before), flat as [t, x, y, t, x, y, ...], t in ms before the press (0 or less). Kept when there are
 * at least 5 moves; `smoothed` replays it.
 */
export type ReachPath = number[]
const REACH_MS = 2000

/** A press to make in a generated session, at session time `t` (null: whenever the family likes). */
export interface PlannedPress {
  t: number | null
  x: number
  y: number
  /** the person's ms from their last move to this press, and how long they held it (when recorded) */
  settle?: number
  hold?: number
  /** the person's movement onto this press (schedulesOf) */
  path?: ReachPath
}

const touched = (e: TraceEvent) =>
  e.type.startsWith('touch') || (e as { pointer?: unknown }).pointer === 'touch'
const placed = (e: TraceEvent) =>
  e.x != null && e.y != null && Number.isFinite(e.x) && Number.isFinite(e.y) && e.x >= 0 && e.y >= 0

/**
 * The mouse presses of each human record that has any: its mousedowns, or its clicks where the recorder
 * wrote no mousedown (Freihaut's). Records with touch input are left out: a finger is not a pointer path.
 */
export function schedulesOf(records: readonly TraceRecord[]): PressSchedule[] {
  const out: PressSchedule[] = []
  for (const r of records) {
    if (r.label !== 'human' || r.events.some(touched)) continue
    const downs = r.events.filter((e) => e.type === 'mousedown')
    const chosen = (downs.length > 0 ? downs : r.events.filter((e) => e.type === 'click')).filter(placed)
    const paths = reachPaths(r.events, chosen)
    const presses = chosen.map((e, i) => ({
      t: e.t_ms,
      x: e.x!,
      y: e.y!,
      ...pressTiming(r.events, e),
      ...(paths[i] ? { path: paths[i] } : {}),
    }))
    if (presses.length > 0) out.push({ screen: r.screen, presses })
  }
  return out
}

/**
 * How long before `down` the person last moved and how long they held it (to its mouseup): what a bot
 * replaying the press copies. Nothing for a press held 1 s or more (a drag) or without a mouseup.
 */
function pressTiming(events: readonly TraceEvent[], down: TraceEvent): { settle?: number; hold?: number } {
  if (down.type !== 'mousedown') return {}
  const i = events.indexOf(down)
  const up = events.slice(i + 1).find((e) => e.type === 'mouseup')
  let j = i - 1
  while (j >= 0 && events[j]!.type !== 'mousemove') j--
  if (!up || j < 0 || up.t_ms - down.t_ms >= 1000) return {}
  return { settle: Math.min(3000, down.t_ms - events[j]!.t_ms), hold: up.t_ms - down.t_ms }
}

/** Each press's ReachPath (null under 5 moves), from the record's moves (in time order, as recorded). */
function reachPaths(events: readonly TraceEvent[], presses: readonly TraceEvent[]): (ReachPath | null)[] {
  const moves = events.filter((e) => e.type === 'mousemove' && placed(e))
  let from = 0
  let since = -Infinity
  return presses.map((p) => {
    const start = Math.max(since, p.t_ms - REACH_MS)
    while (from < moves.length && moves[from]!.t_ms < start) from++
    const path: number[] = []
    for (let i = from; i < moves.length && moves[i]!.t_ms <= p.t_ms; i++)
      path.push(moves[i]!.t_ms - p.t_ms, moves[i]!.x!, moves[i]!.y!)
    since = p.t_ms
    return path.length >= 15 ? path : null
  })
}

/** The smallest common screen that holds every press, or one just large enough. */
function screenFor(presses: PressSchedule['presses']): [number, number] {
  const w = Math.max(...presses.map((p) => p.x)) + 1
  const h = Math.max(...presses.map((p) => p.y)) + 1
  const fits = SCREENS.filter(([sw, sh]) => sw >= w && sh >= h).sort((a, b) => a[0] * a[1] - b[0] * b[1])
  return fits[0] ?? [Math.ceil(w), Math.ceil(h)]
}

/**
 * The presses of a session that replays a schedule: one drawn schedule's presses from a drawn one on,
 * for `lengthMs`, in session time (the first one a little after the session starts). The session takes the
 * schedule's screen and starts somewhere on it. Null when there are no schedules.
 */
export function planPresses(
  s: Session,
  schedules: readonly PressSchedule[],
  lengthMs: number,
): PlannedPress[] | null {
  if (schedules.length === 0) return null
  const { rng } = s
  const schedule = rng.pick(schedules)
  const first = rng.int(0, schedule.presses.length - 1)
  const t0 = schedule.presses[first]!.t
  s.screen = schedule.screen ?? screenFor(schedule.presses)
  s.x = rng.range(0, s.screen[0])
  s.y = rng.range(0, s.screen[1])
  const start = s.t + rng.range(400, 2500)
  return schedule.presses
    .slice(first)
    .filter((p) => p.t - t0 <= lengthMs)
    .map((p) => ({ ...p, t: start + p.t - t0 }))
}

/** The next press of a session: the plan's, or a random target while the session lasts. */
export function nextPress(
  rng: Rng,
  screen: [number, number],
  plan: PlannedPress[] | null,
  index: number,
  now: number,
  end: number,
): PlannedPress | null {
  if (plan) return plan[index] ?? null
  if (now >= end) return null
  return { t: null, x: rng.range(20, screen[0] - 20), y: rng.range(20, screen[1] - 20) }
}
