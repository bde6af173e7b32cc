/**
 * A human-like path library for DevTools-protocol automation (in the manner of ghost-cursor): Bezier paths
 * with random control points and an overshoot on long moves. Its clock (back-to-back steps among them),
 * movement durations and press times are drawn per session.
 */
import type { Point } from './paths.ts'
import { cubic, distance, lerp } from './paths.ts'
import type { Stroke } from './pointer.ts'
import { pointerFamily } from './pointer.ts'
import type { Rng } from './rng.ts'

function curve(rng: Rng, from: Point, to: Point) {
  const spread = Math.min(200, Math.max(2, distance(from, to) * 0.25))
  const control = (): Point => {
    const [x, y] = lerp(from, to, rng.next())
    return [x + rng.normal() * spread, y + rng.normal() * spread]
  }
  return cubic(from, control(), control(), to)
}

export const ghost = pointerFamily(
  'ghost',
  'Bezier paths with overshoot on long moves (ghost-cursor), on a drawn clock and timing',
  ({ s, rng, timing }) =>
    (target) => {
      const strokes: Stroke[] = []
      let from: Point = [s.x, s.y]
      if (distance(from, target) > 500) {
        const past: Point = [target[0] + rng.normal() * 60, target[1] + rng.normal() * 60]
        strokes.push({
          at: curve(rng, from, past),
          duration: timing.duration(distance(from, past)),
          pause: rng.range(0, 50),
        })
        from = past
      }
      strokes.push({ at: curve(rng, from, target), duration: timing.duration(distance(from, target)) })
      return strokes
    },
)
