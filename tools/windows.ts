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

/** A release (or the press itself) this long after a press still belongs to it, ms. */
const RELEASE_MS = 2000
const PRESS = /^(mousedown|touchstart|pointerdown)$/
const RELEASE = /^(mouseup|touchend|pointerup)$/

/**
 * The times at which a verify call at a press would be made: just after each press's release (the click
 * that submits a form), or the press itself when no release follows within RELEASE_MS.
 */
export function pressEnds(r: TraceRecord): number[] {
  const ev = r.events
  const ends: number[] = []
  for (let i = 0; i < ev.length; i++) {
    if (!PRESS.test(ev[i]!.type)) continue
    let end = ev[i]!.t_ms
    for (let k = i + 1; k < ev.length && ev[k]!.t_ms - ev[i]!.t_ms <= RELEASE_MS; k++) {
      if (PRESS.test(ev[k]!.type)) break
      end = ev[k]!.t_ms
      if (RELEASE.test(ev[k]!.type)) {
        // a click event after the release belongs to it too
        if (ev[k + 1]?.type === 'click') end = ev[k + 1]!.t_ms
        break
      }
    }
    ends.push(end)
  }
  return ends
}

/**
 * Up to `max` windows of `seconds` that end at a press (with its release), spread evenly over the
 * record's presses, each rebased to start at 0: what a verify call made at a form's submit button sees.
 * A window that would hold no more than the next shorter length's window (`shorter`) is left to that
 * length. Records without presses (typing only) get evenly spread windows (cutWindows).
 */
export function pressWindows(r: TraceRecord, seconds: number, max: number, shorter = 0): TraceRecord[] {
  const ends = pressEnds(r)
  if (ends.length === 0) return cutWindows(r, seconds, max, shorter)
  const ev = r.events
  const first = ev[0]!.t_ms
  const w = seconds * 1000
  const picked = new Set<number>()
  const slots = Math.min(max, ends.length)
  for (let k = 0; k < slots; k++) picked.add(ends[Math.floor(((k + 0.5) * ends.length) / slots)]!)
  const out: TraceRecord[] = []
  for (const end of picked) {
    if (shorter > 0 && end - first <= shorter * 1000) continue
    const from = Math.max(first, end - w)
    let lo = 0
    let hi = ev.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ev[mid]!.t_ms < from) lo = mid + 1
      else hi = mid
    }
    const events = []
    for (let i = lo; i < ev.length && ev[i]!.t_ms <= end; i++) events.push(ev[i]!)
    if (events.length === 0) continue
    const t0 = events[0]!.t_ms
    out.push({
      ...r,
      session_id: `${r.session_id}#${seconds}s@${Math.round(end)}`,
      events: events.map((e) => ({ ...e, t_ms: e.t_ms - t0 })),
    })
  }
  return out
}

/** The windows of every length in WINDOW_SECONDS, at most `max` per length, ending at presses. */
export function allWindows(r: TraceRecord, max: number): TraceRecord[] {
  return WINDOW_SECONDS.flatMap((s, i) => pressWindows(r, s, max, WINDOW_SECONDS[i - 1] ?? 0))
}
