/**
 * Speed tied to the path's shape, as the two-thirds power law says a person's hand is: slower where the
 * path bends, faster where it is straight (speed ∝ curvature^-β, β near 1/3), under a rise-and-fall
 * envelope, along a smooth curve through a way point or two; the primary stroke ends a few pixels off the
 * target and a short correction lands it. Clock, durations and presses drawn per session.
 */
import type { Path, Point } from './paths.ts'
import { byCumulative, cubic, distance, lerp, minJerk, offChord, tremble } from './paths.ts'
import { pointerFamily } from './pointer.ts'
import type { Stroke } from './pointer.ts'

const SAMPLES = 240

/** A path timed by speed ∝ (curvature + κ0)^-β times an envelope: position by share of its time. */
export function timedByCurvature(
  at: Path,
  beta: number,
  bellPower: number,
  floorSpeed = 0.05,
  kappa0 = 1e-3,
): Path {
  const pts = Array.from({ length: SAMPLES + 1 }, (_, i) => at(i / SAMPLES))
  const seg = pts.slice(1).map((p, i) => distance(pts[i]!, p))
  const length = seg.reduce((a, b) => a + b, 0)
  if (length < 1e-6) return at
  const curvature = pts.map((p, i) => {
    const a = pts[Math.max(0, i - 1)]!
    const b = pts[Math.min(SAMPLES, i + 1)]!
    const [ux, uy] = [p[0] - a[0], p[1] - a[1]]
    const [vx, vy] = [b[0] - p[0], b[1] - p[1]]
    const cross = Math.abs(ux * vy - uy * vx)
    const span = Math.hypot(ux, uy) * Math.hypot(vx, vy) * Math.hypot(b[0] - a[0], b[1] - a[1])
    return span > 1e-9 ? (2 * cross) / span : 0
  })
  // time to cross each piece: its length over the speed at its middle
  const times = [0]
  let s = 0
  seg.forEach((d, i) => {
    const mid = (s + d / 2) / length
    s += d
    const bell = Math.max(floorSpeed, Math.sin(Math.PI * mid) ** bellPower)
    const k = (curvature[i]! + curvature[i + 1]!) / 2
    times.push(times[i]! + d / (bell * (k + kappa0) ** -beta))
  })
  return byCumulative(pts, times)
}

export const powerlaw = pointerFamily(
  'powerlaw',
  'smooth curves timed by the two-thirds power law (slower in bends) under a bell, and a short correction',
  ({ s, rng, timing }) => {
    const beta = rng.range(0.2, 0.45)
    const bellPower = rng.range(0.4, 1.2)
    const bend = rng.range(0.05, 0.45)
    const miss = rng.range(1, 10)
    const tremor = rng.next() < 0.3 ? 0 : rng.range(0.2, 1)
    return (target) => {
      const from: Point = [s.x, s.y]
      const d = distance(from, target)
      const off: Point = [target[0] + rng.normal() * miss, target[1] + rng.normal() * miss]
      const curve = cubic(
        from,
        offChord(from, off, rng.range(0.2, 0.4), rng.normal() * bend),
        offChord(from, off, rng.range(0.6, 0.8), rng.normal() * bend),
        off,
      )
      const knots = Math.max(3, Math.round(d / 25))
      const shaped = tremble(curve, rng, tremor, knots)
      const strokes: Stroke[] = [
        {
          at: timedByCurvature(shaped, beta, bellPower),
          duration: timing.duration(d),
          pause: rng.range(0, 120),
        },
      ]
      if (distance(off, target) >= 1)
        strokes.push({ at: (u) => lerp(off, target, minJerk(u)), duration: rng.range(80, 220) })
      return strokes
    }
  },
)
