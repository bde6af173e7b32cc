/**
 * The Python "human clicker" recipe (pyclick's HumanCurve, and the scripts built like it, as Barkworth's
 * human-like bot): a Bezier curve through 1-3 knots drawn at random in the box around the start and the
 * target (plus padding), each of its points pushed down by a normal distortion with some probability (noise
 * that is not smoothed), then resampled to a fixed number of points (100 by default) by an easing of their
 * index, each sent with pyautogui after a fixed pause (the movement's duration over the number of points).
 */
import type { Path, Point } from './paths.ts'
import { distance, trace } from './paths.ts'
import type { TimedPoint } from './pointer.ts'
import { pointerFamily } from './pointer.ts'
import { TWEENS, TWEEN_NAMES, type TweenName } from './tweens.ts'

/** A Bezier curve of any degree through its control points (de Casteljau). */
export function bezierThrough(points: readonly Point[]): Path {
  return (u) => {
    const p = points.map(([x, y]) => [x, y] as Point)
    for (let k = p.length - 1; k > 0; k--)
      for (let i = 0; i < k; i++)
        p[i] = [p[i]![0] + (p[i + 1]![0] - p[i]![0]) * u, p[i]![1] + (p[i + 1]![1] - p[i]![1]) * u]
    return p[0]!
  }
}

export const humancurve = pointerFamily(
  'humancurve',
  'Bezier through random knots, unsmoothed normal distortion, eased resampling to N points at a fixed pause',
  ({ s, rng, timing }) => {
    const knots = rng.pick([1, 2, 2, 2, 3])
    const padding = rng.pick([100, 100, rng.range(10, 150)])
    const mean = rng.pick([1, 1, rng.range(0, 1.5)])
    const sd = rng.pick([1, 1, rng.range(0.3, 1.5)])
    const frequency = rng.pick([0.5, 0.5, rng.range(0.1, 0.9)])
    const tweenName: TweenName = rng.pick(['easeOutQuad', 'easeOutQuad', ...TWEEN_NAMES])
    const count = rng.pick([100, 100, rng.int(20, 150)])
    const cost = rng.range(0.2, 5)
    return (target) => {
      const from: Point = [s.x, s.y]
      const [left, right] = [Math.min(from[0], target[0]) - padding, Math.max(from[0], target[0]) + padding]
      const [top, bottom] = [Math.min(from[1], target[1]) - padding, Math.max(from[1], target[1]) + padding]
      const inner = Array.from({ length: knots }, (): Point => [rng.int(left, right), rng.int(top, bottom)])
      const n = Math.max(
        2,
        Math.round(Math.max(Math.abs(target[0] - from[0]), Math.abs(target[1] - from[1]))),
      )
      const curve = trace(bezierThrough([from, ...inner, target]), n - 1)
      for (let i = 1; i < curve.length - 1; i++)
        if (rng.next() < frequency) curve[i] = [curve[i]![0], curve[i]![1] + mean + sd * rng.normal()]
      const tween = TWEENS[tweenName]
      const pause = timing.duration(distance(from, target)) / count
      const points: TimedPoint[] = []
      let wait = 0
      for (let i = 0; i < count; i++) {
        wait += pause + cost * rng.range(0.5, 1.5)
        const k = Math.min(
          curve.length - 1,
          Math.max(0, Math.floor(tween(i / (count - 1)) * (curve.length - 1))),
        )
        const p: Point =
          i === count - 1
            ? [Math.round(target[0]), Math.round(target[1])]
            : [Math.round(curve[k]![0]), Math.round(curve[k]![1])]
        const last = points[points.length - 1]?.p ?? [Math.round(from[0]), Math.round(from[1])]
        if (i < count - 1 && last[0] === p[0] && last[1] === p[1]) continue
        points.push({ dt: wait, p })
        wait = 0
      }
      return [{ timed: points }]
    }
  },
  { whole: true, display: true },
)
