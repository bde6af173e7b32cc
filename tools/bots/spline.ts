/**
 * Splines through a few random waypoints between the pointer and its target (centripetal Catmull-Rom),
 * walked with an easing: smooth and curved, one sweep per target, no sub-movements and no noise.
 */
import type { EaseName, Point } from './paths.ts'
import { EASES, byLength, distance, offChord } from './paths.ts'
import { pointerFamily } from './pointer.ts'

const mix = (a: Point, wa: number, b: Point, wb: number): Point => [
  a[0] * wa + b[0] * wb,
  a[1] * wa + b[1] * wb,
]

/** A centripetal Catmull-Rom spline through `points`, `per` samples a segment, ends extended by reflection. */
export function catmullRom(points: readonly Point[], per: number): Point[] {
  const first = points[0]!
  const last = points[points.length - 1]!
  const pts = [
    mix(first, 2, points[1] ?? last, -1),
    ...points,
    mix(last, 2, points[points.length - 2] ?? first, -1),
  ]
  const out: Point[] = [first]
  for (let i = 1; i + 2 < pts.length; i++) {
    const [p0, p1, p2, p3] = [pts[i - 1]!, pts[i]!, pts[i + 1]!, pts[i + 2]!]
    const t1 = Math.max(1e-3, Math.sqrt(distance(p0, p1)))
    const t2 = t1 + Math.max(1e-3, Math.sqrt(distance(p1, p2)))
    const t3 = t2 + Math.max(1e-3, Math.sqrt(distance(p2, p3)))
    for (let j = 1; j <= per; j++) {
      const t = t1 + ((t2 - t1) * j) / per
      const a1 = mix(p0, (t1 - t) / t1, p1, t / t1)
      const a2 = mix(p1, (t2 - t) / (t2 - t1), p2, (t - t1) / (t2 - t1))
      const a3 = mix(p2, (t3 - t) / (t3 - t2), p3, (t - t2) / (t3 - t2))
      const b1 = mix(a1, (t2 - t) / t2, a2, t / t2)
      const b2 = mix(a2, (t3 - t) / (t3 - t1), a3, (t - t1) / (t3 - t1))
      out.push(mix(b1, (t2 - t) / (t2 - t1), b2, (t - t1) / (t2 - t1)))
    }
  }
  return out
}

export const spline = pointerFamily(
  'spline',
  'Catmull-Rom splines through 1-3 random waypoints, eased, on a drawn clock and timing',
  ({ s, rng, timing }) => {
    const ease = EASES[rng.pick<EaseName>(['sine', 'cubic', 'minjerk', 'quadOut', 'linear'])]
    const spread = rng.range(0.03, 0.2)
    return (target) => {
      const from: Point = [s.x, s.y]
      const along = Array.from({ length: rng.int(1, 3) }, () => rng.range(0.15, 0.85)).sort((a, b) => a - b)
      const waypoints = along.map((f) => offChord(from, target, f, rng.normal() * spread))
      const at = byLength(catmullRom([from, ...waypoints, target], 16))
      return [{ at: (u) => at(ease(u)), duration: timing.duration(distance(from, target)) }]
    }
  },
)
