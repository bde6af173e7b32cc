/**
 * When moves arrive. A browser reports a moving mouse at the display rate with a little jitter; people pause,
 * creep (steps of a pixel or two) while homing in on a target. Scripts emit exactly regular intervals, or
 * the irregular ones of their own timers, and rarely creep.
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'

export const timing: FeatureGroup = {
  modality: 'pointer',
  names: ['dtIrregularity', 'creepShare'],
  extract(p) {
    const m = p.moves
    if (m.length < 3) return [NaN, NaN]
    const dts: number[] = []
    let creeps = 0
    for (let i = 1; i < m.length; i++) {
      const dt = m[i]![0] - m[i - 1]![0]
      const step = Math.abs(m[i]![1] - m[i - 1]![1]) + Math.abs(m[i]![2] - m[i - 1]![2])
      if (step > 0 && step <= 2) creeps++
      if (dt <= 300) dts.push(dt)
    }
    const med = median(dts)
    const mad = median(dts.map((d) => Math.abs(d - med)))
    return [(mad + 0.5) / Math.max(med, 1), creeps / (m.length - 1)]
  },
}
