/**
 * Scrolling. A wheel turned by a finger comes in bursts with uneven gaps; a touch pad or a flick carries on
 * with inertia, deltas decaying smoothly. A script scrolls by one fixed amount at a fixed interval.
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'

export const scroll: FeatureGroup = {
  modality: 'scroll',
  names: ['scrollGapSpread', 'distinctDeltaShare', 'decayShare'],
  extract(p) {
    const s = p.signals.scrolls
    if (s.length < 3) return [NaN, NaN, NaN]
    const gaps: number[] = []
    const deltas: number[] = []
    let decays = 0
    for (let i = 0; i < s.length; i++) {
      const [t, kind, value] = s[i]!
      const prev = s[i - 1]
      if (prev) gaps.push(t - prev[0])
      if (kind === 'wheel') deltas.push(value)
      else if (prev && prev[1] === 'scroll') deltas.push(value - prev[2])
    }
    for (let i = 2; i < deltas.length; i++) {
      const a = Math.abs(deltas[i - 2]!)
      const b = Math.abs(deltas[i - 1]!)
      const c = Math.abs(deltas[i]!)
      if (a > b && b > c && c > 0) decays++
    }
    const gap = median(gaps)
    return [
      median(gaps.map((d) => Math.abs(d - gap))) / Math.max(gap, 1),
      deltas.length ? new Set(deltas).size / deltas.length : NaN,
      deltas.length > 2 ? decays / (deltas.length - 2) : NaN,
    ]
  },
}
