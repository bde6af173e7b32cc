/**
 * Slow straight or gently curved lines walked on the whole-pixel grid, one step of 1-2 px per clock tick (a
 * line stepped a pixel a frame scored as a person before this family existed).
 */
import type { Path, Point } from './paths.ts'
import { distance, offChord, quadratic } from './paths.ts'
import { pointerFamily } from './pointer.ts'

/** The pixels a path crosses, in order, each at most 1 px from the last along each axis. */
export function pixelsAlong(at: Path, length: number): Point[] {
  const n = Math.ceil(length * 2) + 2
  let [cx, cy] = at(0).map(Math.round) as Point
  const out: Point[] = [[cx, cy]]
  for (let i = 1; i <= n; i++) {
    const [tx, ty] = at(i / n).map(Math.round) as Point
    while (cx !== tx || cy !== ty) {
      cx += Math.sign(tx - cx)
      cy += Math.sign(ty - cy)
      out.push([cx, cy])
    }
  }
  return out
}

export const creep = pointerFamily(
  'creep',
  'slow straight or gently curved lines, one step of 1-2 px per tick of a drawn clock',
  ({ s, rng }) => {
    const stride = rng.pick([() => 1, () => 2, () => rng.int(1, 2)])
    const bend = rng.next() < 0.5 ? 0 : rng.range(0.02, 0.1)
    return (target) => {
      const from: Point = [Math.round(s.x), Math.round(s.y)]
      const end: Point = [Math.round(target[0]), Math.round(target[1])]
      const side = bend * (rng.next() < 0.5 ? -1 : 1)
      const pixels = pixelsAlong(quadratic(from, offChord(from, end, 0.5, side), end), distance(from, end))
      const steps: Point[] = []
      for (let i = stride(); i < pixels.length - 1; i += stride()) steps.push(pixels[i]!)
      steps.push(end)
      return [{ perTick: steps }]
    }
  },
  // time-driven clocks only: a walker sends one step a tick, which a step-count clock has no notion of
  { clocks: ['frame60', 'hz125', 'hz144', 'fixed', 'lognormal', 'ostimer'] },
)
