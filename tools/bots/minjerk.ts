/**
 * What a careful attacker builds from the motor-control literature: curved paths with a minimum-jerk
 * (bell-shaped) speed profile, an overshoot and one corrective sub-movement, smoothed tremor noise. Its
 * clock, movement durations and settle and press times are drawn per session (they were a 60 Hz frame clock,
 * Fitts'-law durations and human-like presses before).
 */
import type { Path, Point } from './paths.ts'
import { distance, minJerk, noiseTrack, offChord, plus, quadratic } from './paths.ts'
import { pointerFamily } from './pointer.ts'

export const minjerk = pointerFamily(
  'minjerk',
  'curved minimum-jerk reaches, overshoot and correction, tremor noise, on a drawn clock and timing',
  ({ s, rng, timing }) => {
    const sigma = rng.range(0.2, 1.5)
    const reach = (from: Point, to: Point, durationMs: number, bend: number): Path => {
      // tremor: an AR(1) track with a knot about every 60 Hz frame of the movement
      const noise = noiseTrack(rng, sigma, Math.max(2, Math.round(durationMs / (1000 / 60))))
      const at = plus(quadratic(from, offChord(from, to, 0.5, bend), to), noise)
      return (u) => at(minJerk(u))
    }
    return (target) => {
      const from: Point = [s.x, s.y]
      const d = distance(from, target)
      const past = offChord(from, target, 1 + rng.range(0.02, 0.12), 0)
      const first = timing.duration(d)
      const second = rng.range(120, 280)
      return [
        { at: reach(from, past, first, rng.range(-0.15, 0.15)), duration: first, pause: rng.range(20, 120) },
        { at: reach(past, target, second, rng.range(-0.2, 0.2)), duration: second },
      ]
    }
  },
)
