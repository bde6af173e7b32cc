/**
 * A fast primary reach that lands past the target, then one or two corrective sub-movements back onto it,
 * each with a bell-shaped (possibly skewed) speed profile and smoothed noise across the path: the shape of a
 * person's aimed movement, with the clock, durations and press times drawn independently of it.
 */
import type { Path, Point } from './paths.ts'
import { distance, minJerk, offChord, quadratic, tremble } from './paths.ts'
import type { Stroke } from './pointer.ts'
import { pointerFamily } from './pointer.ts'

export const overshoot = pointerFamily(
  'overshoot',
  'primary reach past the target and 1-2 corrective sub-movements, skewed bell speed, smoothed noise',
  ({ s, rng, timing }) => {
    const over = rng.range(0.03, 0.15)
    const skew = rng.range(0.6, 1) // below 1 the speed peaks early, as in a person's fast reach
    const twice = rng.range(0, 0.6)
    const sigma = rng.range(0.2, 1.5)
    const sub = (from: Point, to: Point, bend: number, ease: (u: number) => number): Path => {
      const knots = Math.max(4, Math.round(distance(from, to) / 15))
      const at = tremble(quadratic(from, offChord(from, to, 0.5, bend), to), rng, sigma, knots)
      return (u) => at(ease(u))
    }
    return (target) => {
      const from: Point = [s.x, s.y]
      const d = distance(from, target)
      const past = offChord(from, target, 1 + over * rng.range(0.5, 1.5), rng.normal() * 0.03)
      const strokes: Stroke[] = [
        {
          at: sub(from, past, rng.normal() * 0.1, (u) => minJerk(u ** skew)),
          duration: timing.duration(d),
          pause: rng.range(20, 150),
        },
      ]
      let at = past
      if (rng.next() < twice) {
        // the first correction falls short of (or past) the target again
        const near = offChord(target, past, rng.range(-0.5, 0.5), rng.normal() * 0.2)
        strokes.push({
          at: sub(at, near, rng.normal() * 0.2, minJerk),
          duration: Math.max(60, timing.duration(distance(at, near))),
          pause: rng.range(20, 150),
        })
        at = near
      }
      strokes.push({
        at: sub(at, target, rng.normal() * 0.2, minJerk),
        duration: Math.max(60, timing.duration(distance(at, target))),
      })
      return strokes
    }
  },
)
