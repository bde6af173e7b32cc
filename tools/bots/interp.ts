/**
 * A human-like library's sparse path (a Bezier of 10-30 points with random control points, in the manner of
 * ghost-cursor) played at display rate: each gap between two sparse points is crossed in equal steps, one a
 * frame, so the stream repeats the same step several times over before it turns. Sent as computed (not
 * rounded), as a browser reports an interpolated pointer.
 */
import type { Point } from './paths.ts'
import { cubic, distance, lerp, trace } from './paths.ts'
import { pointerFamily } from './pointer.ts'

export const interp = pointerFamily(
  'interp',
  'sparse Bezier path (10-30 points) linearly interpolated a frame at a time (60 or 144 Hz)',
  (m) => {
    const { s, rng, clock, timing } = m
    const points = rng.int(10, 30)
    return (target) => {
      const from: Point = [s.x, s.y]
      const d = distance(from, target)
      const spread = Math.min(200, Math.max(2, d * 0.25))
      const control = (): Point => {
        const f = rng.next()
        const [x, y] = lerp(from, target, f)
        return [x + rng.normal() * spread, y + rng.normal() * spread]
      }
      const sparse = trace(cubic(from, control(), control(), target), points)
      const ms = Math.min(timing.duration(d), m.budget)
      const frames = Math.max(2, Math.round(ms / clock.period / points))
      const steps: Point[] = []
      for (let i = 1; i < sparse.length; i++)
        for (let j = 1; j <= frames; j++) steps.push(lerp(sparse[i - 1]!, sparse[i]!, j / frames))
      return [{ perTick: steps }]
    }
  },
  { clocks: ['frame60', 'frame60', 'frame60', 'hz144'], exact: true },
)
