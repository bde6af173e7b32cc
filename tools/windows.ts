/**
 * Cutting recorded sessions into verify calls. A recorded session runs for minutes; a verify call sees the
 * seconds before it. Training and the hold-out evaluation score windows of several lengths so short
 * evidence is measured too.
 */
import type { TraceRecord } from './data.ts'

/** Window lengths used by training and the hold-out evaluation, seconds. */
export const WINDOW_SECONDS = [5, 10, 30] as const

/**
 * Up to `max` windows of `seconds` from one record, spread evenly over it and starting on an event, each
 * rebased to start at 0. A record no longer than the window is returned whole, only for the shortest
 * window length that holds it (`shorter`: the next shorter length in use, 0 if none).
 */
export function cutWindows(r: TraceRecord, seconds: number, max: number, shorter = 0): TraceRecord[] {
  const ev = r.events
  if (ev.length === 0) return []
  const span = ev[ev.length - 1]!.t_ms - ev[0]!.t_ms
  const w = seconds * 1000
  if (span <= w) return span > shorter * 1000 || shorter === 0 ? [r] : []
  const out: TraceRecord[] = []
  const slots = Math.min(max, Math.max(1, Math.floor(span / w)))
  let from = 0
  for (let k = 0; k < slots; k++) {
    const startT = ev[0]!.t_ms + ((span - w) * (k + 0.5)) / slots
    while (from < ev.length && ev[from]!.t_ms < startT) from++
    const t0 = ev[from]?.t_ms
    if (t0 === undefined) break
    const events = []
    for (let i = from; i < ev.length && ev[i]!.t_ms < t0 + w; i++)
      events.push({ ...ev[i]!, t_ms: ev[i]!.t_ms - t0 })
    if (events.length > 0) out.push({ ...r, session_id: `${r.session_id}#${seconds}s${k}`, events })
  }
  return out
}

/** The windows of every length in WINDOW_SECONDS, at most `max` per length. */
export function allWindows(r: TraceRecord, max: number): TraceRecord[] {
  return WINDOW_SECONDS.flatMap((s, i) => cutWindows(r, s, max, WINDOW_SECONDS[i - 1] ?? 0))
}
