/**
 * Windows that hold a single movement (a slider captcha is one drag; a mouse-tracking trial is one reach):
 * - one reach: from the release of one press to the release of the next, a single aimed movement and click;
 * - one drag: from a press to its release, with the moves made while the button was held.
 * Single reaches, of people and bots alike, are trained on: while they were for the evaluation only, the
 * people of a source held out whole (a 125 Hz recorder) passed 89% of theirs, and about 95% once every other
 * source's were learned (docs/scoring.md, *fifth round*). People's single drags are for the evaluation
 * only (`trainable`): a task unlike the training tasks must not be read as a bot.
 */
import type { TraceRecord } from './data.ts'
import { pressEnds } from './windows.ts'

export type Shape = 'one reach' | 'one drag'

/**
 * Whether a model may learn from a window: any but a single drag, which is for the evaluation (a model
 * trained on people's single drags is *Drags: a model of their own* in docs/scoring.md).
 */
export const trainable = (w: { shape?: Shape }) => w.shape !== 'one drag'

const PRESS = /^(mousedown|pointerdown)$/
const RELEASE = /^(mouseup|pointerup)$/

function slice(r: TraceRecord, from: number, to: number, tag: string): TraceRecord | null {
  const events = r.events.filter((e) => e.t_ms > from && e.t_ms <= to)
  const moves = events.filter((e) => e.type === 'mousemove').length
  if (moves < 5) return null
  const t0 = events[0]!.t_ms
  return {
    ...r,
    session_id: `${r.session_id}#${tag}@${Math.round(to)}`,
    events: events.map((e) => ({ ...e, t_ms: e.t_ms - t0 })),
  }
}

/** Up to `max` windows of each shape from a record, spread over it. */
export function shapeWindows(r: TraceRecord, max: number): [Shape, TraceRecord][] {
  const out: [Shape, TraceRecord][] = []
  const ends = pressEnds(r)
  const reaches: TraceRecord[] = []
  for (let i = 1; i < ends.length; i++) {
    // a reach of at most 5 s: longer is a pause and some wandering, not one movement
    if (ends[i]! - ends[i - 1]! > 5000) continue
    const w = slice(r, ends[i - 1]!, ends[i]!, 'reach')
    if (w) reaches.push(w)
  }
  const drags: TraceRecord[] = []
  let down = -1
  for (const e of r.events) {
    if (PRESS.test(e.type)) down = e.t_ms
    else if (RELEASE.test(e.type) && down >= 0) {
      if (e.t_ms - down >= 300) {
        const w = slice(r, down - 1, e.t_ms, 'drag')
        if (w) drags.push(w)
      }
      down = -1
    }
  }
  const spread = (list: TraceRecord[]) =>
    list.filter((_, i) => list.length <= max || i % Math.ceil(list.length / max) === 0).slice(0, max)
  for (const w of spread(reaches)) out.push(['one reach', w])
  for (const w of spread(drags)) out.push(['one drag', w])
  return out
}
