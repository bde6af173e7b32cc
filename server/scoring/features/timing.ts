/**
 * When moves arrive. A browser reports a moving mouse at the display rate with a little jitter; people pause,
 * hesitate and creep (steps of a pixel or two). Scripts emit bursts within one millisecond, exactly regular
 * intervals, and never creep.
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'

export const timing: FeatureGroup = {
  modality: 'pointer',
  names: ['dtIrregularity', 'burstShare', 'creepShare', 'pauseShare'],
  extract(p) {
    const m = p.moves
    if (m.length < 3) return [NaN, NaN, NaN, NaN]
    const dts: number[] = []
    let bursts = 0
    let creeps = 0
    let paused = 0
    for (let i = 1; i < m.length; i++) {
      const dt = m[i]![0] - m[i - 1]![0]
      const step = Math.abs(m[i]![1] - m[i - 1]![1]) + Math.abs(m[i]![2] - m[i - 1]![2])
      if (dt === 0) bursts++
      if (step > 0 && step <= 2) creeps++
      if (dt > 300) paused += dt
      else dts.push(dt)
    }
    const med = median(dts)
    const mad = median(dts.map((d) => Math.abs(d - med)))
    const span = m[m.length - 1]![0] - m[0]![0]
    const n = m.length - 1
    return [(mad + 0.5) / Math.max(med, 1), bursts / n, creeps / n, span > 0 ? paused / span : 0]
  },
}
