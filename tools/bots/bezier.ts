/**
 * The common "human-like" library: a cubic Bezier with random control points, eased in and out. Its clock,
 * movement durations and press times are drawn per session (they were one fixed step count and a uniform
 * press before), so the path is what this family teaches.
 */
import type { Point } from './paths.ts'
import { EASES, cubic, distance, lerp } from './paths.ts'
import { pointerFamily } from './pointer.ts'

export const bezier = pointerFamily(
  'bezier',
  'cubic Bezier paths with random control points, eased, on a drawn clock and timing',
  ({ s, rng, timing }) =>
    (target) => {
      const from: Point = [s.x, s.y]
      const d = distance(from, target)
      const spread = d * rng.range(0.1, 0.5)
      const control = (f: number): Point => {
        const [x, y] = lerp(from, target, f)
        return [x + rng.normal() * spread, y + rng.normal() * spread]
      }
      const at = cubic(from, control(0.3), control(0.7), target)
      return [{ at: (u) => at(EASES.sine(u)), duration: timing.duration(d) }]
    },
)
