/**
 * Typing rhythm. People hold keys for 50-200 ms with a spread, the gaps between keys vary with the letters
 * and thoughts in between, and fast typists press the next key before releasing the last (rollover).
 * Scripts type at fixed intervals with fixed (or no) hold times, one key at a time.
 *
 * A virtual keyboard has no hold to measure: the on-screen keyboard of a phone or tablet sends each key's
 * up with its down. When most holds are that short on a touch screen (the presses the page saw came
 * mostly from a finger or pen, such as the tap that focused the field), the hold features are not measured (NaN, so the typing model neither credits nor
 * blames them) and the rhythm of the gaps is judged alone. Without a touch, zero holds stay a script's.
 *
 * The hold spread is the mean absolute deviation from the median hold, over the median. A coarse clock
 * (the 15.6 ms timer tick of some Windows machines, in the keypad data) puts most of a person's holds on
 * one or two ticks, so the median deviation is 0 for a person as for a script; the mean still sees the
 * holds that landed a tick away. A script's fixed hold stays 0, or a whole millisecond of rounding.
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'

/** A key released this soon after it went down was never held: a virtual keyboard. */
export const NO_HOLD_MS = 5

export const keys: FeatureGroup = {
  modality: 'keys',
  names: ['logHold', 'holdSpread', 'gapSpread', 'rolloverShare'],
  extract(p) {
    const k = p.signals.keys
    const holds: number[] = []
    const gaps: number[] = []
    const open = new Map<string, number>()
    let lastDown = -1
    let rollovers = 0
    let downs = 0
    for (const [t, kind, cls] of k) {
      if (kind === 'down') {
        if (open.has(cls)) continue // auto-repeat
        if (open.size > 0 && cls !== 'modifier') rollovers++
        if (lastDown >= 0 && t - lastDown < 3000) gaps.push(t - lastDown)
        lastDown = t
        downs++
        open.set(cls, t)
      } else {
        const at = open.get(cls)
        if (at !== undefined) holds.push(t - at)
        open.delete(cls)
      }
    }
    const hold = median(holds)
    const gap = median(gaps)
    const virtual = p.touch && holds.filter((d) => d <= NO_HOLD_MS).length >= 0.8 * holds.length
    return [
      holds.length && !virtual ? Math.log(hold + 1) : NaN,
      holds.length >= 3 && !virtual ? meanDeviation(holds, hold) / Math.max(hold, 1) : NaN,
      gaps.length >= 3 ? median(gaps.map((d) => Math.abs(d - gap))) / Math.max(gap, 1) : NaN,
      downs ? rollovers / downs : NaN,
    ]
  },
}

/** Mean absolute deviation of `values` from `centre`. */
function meanDeviation(values: readonly number[], centre: number): number {
  let sum = 0
  for (const v of values) sum += Math.abs(v - centre)
  return sum / values.length
}
