/**
 * When moves arrive. A browser reports a moving mouse at the display rate with a little jitter; people pause,
 * creep (steps of a pixel or two) while homing in on a target. Scripts emit exactly regular intervals, or
 * the irregular ones of their own timers, and rarely creep.
 */
import type { FeatureGroup } from '../feature.ts'
import { medianInPlace } from '../strokes.ts'

export const timing: FeatureGroup = {
  modality: 'pointer',
  names: ['dtIrregularity', 'creepShare'],
  extract(p) {
    const n = p.n
    if (n < 3) return [NaN, NaN]
    const { dt, dx, dy } = p
    // the intervals of moves without a pause between them
    const dts = p.scratch
    let count = 0
    let creeps = 0
    for (let i = 1; i < n; i++) {
      const step = Math.abs(dx[i]!) + Math.abs(dy[i]!)
      if (step > 0 && step <= 2) creeps++
      if (dt[i]! <= 300) dts[count++] = dt[i]!
    }
    const med = medianInPlace(dts, count)
    for (let i = 0; i < count; i++) dts[i] = Math.abs(dts[i]! - med)
    const mad = medianInPlace(dts, count)
    return [(mad + 0.5) / Math.max(med, 1), creeps / (n - 1)]
  },
}
