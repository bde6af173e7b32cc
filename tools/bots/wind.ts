/**
 * WindMouse (B. J. Land's well-known algorithm, in many game bots and Python ports): each step the pointer's
 * velocity gains a pull toward the target (gravity) and a random, decaying wind; speed is clipped to a maximum
 * step, and close to the target the wind dies down and the step shrinks. Here the simulated steps are spread
 * evenly over a drawn duration and sent on a drawn clock.
 */
import type { Point } from './paths.ts'
import { byIndex, distance } from './paths.ts'
import { pointerFamily } from './pointer.ts'
import type { Rng } from './rng.ts'

export interface WindParams {
  /** pull toward the target */
  gravity: number
  /** strength of the random wind */
  wind: number
  /** largest step, px */
  maxStep: number
  /** distance at which the wind dies down and the step shrinks, px */
  near: number
}

/** The whole-pixel points WindMouse visits from `from` to `to` (at most 5000 steps). */
export function windMouse(rng: Rng, from: Point, to: Point, p: WindParams): Point[] {
  const [sqrt3, sqrt5] = [Math.sqrt(3), Math.sqrt(5)]
  let [x, y] = from
  let [vx, vy, wx, wy] = [0, 0, 0, 0]
  let maxStep = p.maxStep
  const out: Point[] = [[Math.round(x), Math.round(y)]]
  for (let i = 0; i < 5000; i++) {
    const dist = Math.hypot(to[0] - x, to[1] - y)
    if (dist < 1) break
    const w = Math.min(p.wind, dist)
    if (dist >= p.near) {
      wx = wx / sqrt3 + ((2 * rng.next() - 1) * w) / sqrt5
      wy = wy / sqrt3 + ((2 * rng.next() - 1) * w) / sqrt5
    } else {
      wx /= sqrt3
      wy /= sqrt3
      maxStep = maxStep < 3 ? rng.next() * 3 + 3 : maxStep / sqrt5
    }
    vx += wx + (p.gravity * (to[0] - x)) / dist
    vy += wy + (p.gravity * (to[1] - y)) / dist
    const v = Math.hypot(vx, vy)
    if (v > maxStep) {
      const clip = maxStep / 2 + (rng.next() * maxStep) / 2
      vx = (vx / v) * clip
      vy = (vy / v) * clip
    }
    x += vx
    y += vy
    const last = out[out.length - 1]!
    const [mx, my] = [Math.round(x), Math.round(y)]
    if (mx !== last[0] || my !== last[1]) out.push([mx, my])
  }
  out.push([Math.round(to[0]), Math.round(to[1])])
  return out
}

export const wind = pointerFamily(
  'wind',
  'WindMouse physics (gravity toward the target, random wind, clipped step), on a drawn clock and timing',
  ({ s, rng, timing }) => {
    const params: WindParams = {
      gravity: rng.range(5, 12),
      wind: rng.range(1, 6),
      maxStep: rng.range(8, 25),
      near: rng.range(8, 16),
    }
    return (target) => {
      const from: Point = [s.x, s.y]
      return [
        {
          at: byIndex(windMouse(rng, from, target, params)),
          duration: timing.duration(distance(from, target)),
        },
      ]
    }
  },
)
