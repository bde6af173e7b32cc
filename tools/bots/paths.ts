/** Geometry shared by the pointer families: a path is a position for each share u in [0, 1] of a movement. */
import type { Rng } from './rng.ts'

export type Point = [number, number]
export type Path = (u: number) => Point

/** Minimum-jerk position along a movement, for tau in [0, 1]: a bell-shaped speed profile. */
export function minJerk(tau: number): number {
  return tau ** 3 * (10 - 15 * tau + 6 * tau * tau)
}

export const EASES = {
  linear: (u: number) => u,
  sine: (u: number) => (1 - Math.cos(Math.PI * u)) / 2,
  cubic: (u: number) => (u < 0.5 ? 4 * u ** 3 : 1 - (-2 * u + 2) ** 3 / 2),
  quadOut: (u: number) => 1 - (1 - u) ** 2,
  minjerk: minJerk,
} as const
export type EaseName = keyof typeof EASES

export function lerp(a: Point, b: Point, u: number): Point {
  return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u]
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1])
}

/** The point at share `along` of the chord a -> b, moved `side` chord lengths to its left. */
export function offChord(a: Point, b: Point, along: number, side: number): Point {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
  return [a[0] + dx * along - dy * side, a[1] + dy * along + dx * side]
}

export function quadratic(p0: Point, c: Point, p1: Point): Path {
  return (u) => {
    const [a, b, d] = [(1 - u) ** 2, 2 * (1 - u) * u, u * u]
    return [a * p0[0] + b * c[0] + d * p1[0], a * p0[1] + b * c[1] + d * p1[1]]
  }
}

export function cubic(p0: Point, c1: Point, c2: Point, p3: Point): Path {
  return (u) => {
    const [a, b, c, d] = [(1 - u) ** 3, 3 * (1 - u) ** 2 * u, 3 * (1 - u) * u * u, u ** 3]
    return [a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1]]
  }
}

/** `n + 1` points of a path, at equal shares of u. */
export function trace(at: Path, n: number): Point[] {
  return Array.from({ length: n + 1 }, (_, i) => at(i / n))
}

/** A polyline walked at constant speed: u is the share of its length. */
export function byLength(points: readonly Point[]): Path {
  const cum = [0]
  for (let i = 1; i < points.length; i++) cum.push(cum[i - 1]! + distance(points[i - 1]!, points[i]!))
  return byCumulative(points, cum)
}

/**
 * A polyline whose point i is reached at `cum[i]` (ascending from 0): u is the share of the last value, and
 * positions between points are interpolated.
 */
export function byCumulative(points: readonly Point[], cum: readonly number[]): Path {
  const total = cum[cum.length - 1]!
  return (u) => {
    if (total === 0 || u <= 0) return [...points[0]!]
    const goal = Math.min(1, u) * total
    let lo = 0
    let hi = cum.length - 1
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (cum[mid]! < goal) lo = mid
      else hi = mid
    }
    const span = cum[hi]! - cum[lo]!
    return lerp(points[lo]!, points[hi]!, span > 0 ? (goal - cum[lo]!) / span : 1)
  }
}

/** A polyline with one point per equal share of time, as a simulation's steps are. */
export function byIndex(points: readonly Point[]): Path {
  const last = points.length - 1
  return (u) => {
    const f = Math.max(0, Math.min(1, u)) * last
    const i = Math.min(last - 1, Math.floor(f))
    return last <= 0 ? [...points[0]!] : lerp(points[i]!, points[i + 1]!, f - i)
  }
}

/**
 * Smoothed noise over a movement: an AR(1) track on `knots` knots, linearly interpolated, so it is the same
 * whatever clock samples the movement. Scaled by `envelope(u)` (1 by default).
 */
export function noiseTrack(
  rng: Rng,
  sigma: number,
  knots = 40,
  keep = 0.8,
  envelope: (u: number) => number = () => 1,
): Path {
  const track: Point[] = [[0, 0]]
  for (let i = 1; i <= knots; i++) {
    const [x, y] = track[i - 1]!
    track.push([keep * x + sigma * rng.normal(), keep * y + sigma * rng.normal()])
  }
  const at = byIndex(track)
  return (u) => {
    const [x, y] = at(u)
    const e = envelope(u)
    return [x * e, y * e]
  }
}

/** Rises from 0 and falls back to 0 over a movement: noise that fades at its start and at its end. */
export const bell = (u: number): number => Math.sin(Math.PI * u)

/** `at` with smoothed noise of size `sigma` on `knots` knots, fading at both ends (`at` itself for 0). */
export function tremble(at: Path, rng: Rng, sigma: number, knots: number): Path {
  return sigma ? plus(at, noiseTrack(rng, sigma, knots, 0.8, bell)) : at
}

/** A path plus an offset path. */
export function plus(at: Path, offset: Path): Path {
  return (u) => {
    const [x, y] = at(u)
    const [dx, dy] = offset(u)
    return [x + dx, y + dy]
  }
}
