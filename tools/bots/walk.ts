/**
 * A simulator walking toward each target in small random steps, one a clock tick: either a step of random
 * length (0.5-12 px) in the target's direction give or take a random angle, re-aimed every step, or a whole
 * number of pixels drawn on each axis toward the target. Slow, along the line, noisy in the small.
 */
import type { Point } from './paths.ts'
import { pointerFamily } from './pointer.ts'

export const walk = pointerFamily(
  'walk',
  'small random steps toward the target (random length and angle, or random whole pixels per axis), one a tick',
  ({ s, rng }) => {
    const most = rng.range(2, 12)
    const least = rng.range(0.5, Math.min(3, most))
    const aim = rng.pick([0, 0.1, 0.3, 0.6])
    const perAxis = rng.next() < 0.4
    return (target) => {
      const steps: Point[] = []
      let [x, y] = [s.x, s.y]
      for (let k = 0; k < 3000; k++) {
        const [dx, dy] = [target[0] - x, target[1] - y]
        const d = Math.hypot(dx, dy)
        if (d <= most) break
        if (perAxis) {
          x += Math.sign(dx) * rng.int(0, Math.ceil((most * Math.abs(dx)) / d))
          y += Math.sign(dy) * rng.int(0, Math.ceil((most * Math.abs(dy)) / d))
        } else {
          const [len, a] = [rng.range(least, most), Math.atan2(dy, dx) + aim * rng.normal()]
          x += len * Math.cos(a)
          y += len * Math.sin(a)
        }
        steps.push([x, y])
      }
      steps.push(target)
      return [{ perTick: steps }]
    }
  },
  // time-driven clocks only: a walker sends one step a tick
  { clocks: ['frame60', 'frame60', 'hz125', 'hz144', 'fixed', 'lognormal', 'ostimer'] },
)
