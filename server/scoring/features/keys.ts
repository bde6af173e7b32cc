/**
 * Typing rhythm. People hold keys for 50-200 ms with a spread, the gaps between keys vary with the letters
 * and thoughts in between, and fast typists press the next key before releasing the last (rollover).
 * Scripts type at fixed intervals with fixed (or no) hold times, one key at a time.
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'

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
    return [
      holds.length ? Math.log(hold + 1) : NaN,
      holds.length >= 3 ? median(holds.map((d) => Math.abs(d - hold))) / Math.max(hold, 1) : NaN,
      gaps.length >= 3 ? median(gaps.map((d) => Math.abs(d - gap))) / Math.max(gap, 1) : NaN,
      downs ? rollovers / downs : NaN,
    ]
  },
}
