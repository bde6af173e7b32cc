/**
 * Selenium's ActionChains: every `move_to_element` or `move_by_offset` is one W3C pointer move lasting the
 * action builder's duration (250 ms by default). A driver sends the move when its duration is over, or
 * interpolates it in steps; a bot that wants a path sends it as a chain of whole-pixel offsets (a straight
 * line cut into pieces, a curve, a jittered line), each its own 250 ms move, some with a `perform()` round
 * trip between them.
 */
import type { Point } from './paths.ts'
import { cubic, lerp, offChord } from './paths.ts'
import type { TimedPoint } from './pointer.ts'
import { pointerFamily } from './pointer.ts'

const PATHS = ['element', 'offsets', 'curve', 'jittered'] as const

export const actionchains = pointerFamily(
  'actionchains',
  'Selenium ActionChains: moves of 250 ms (or a set duration) each, sent at their end or interpolated; paths as chains of offsets',
  ({ s, rng }) => {
    const duration = rng.pick([250, 250, 250, 100, 50, 500])
    const stepped = rng.next() < 0.4
    const stepMs = rng.pick([1000 / 60, 10, 5, 20])
    const path = rng.pick(PATHS)
    const pieces = rng.int(3, 25)
    const roundTrip = rng.pick([0, rng.range(2, 30)])
    const jitter = rng.range(1, 6)
    return (target) => {
      const from: Point = [Math.round(s.x), Math.round(s.y)]
      const end: Point = [Math.round(target[0]), Math.round(target[1])]
      let chain: Point[]
      if (path === 'element') chain = [end]
      else {
        const bend = rng.range(-0.3, 0.3)
        const at =
          path === 'curve'
            ? cubic(
                from,
                offChord(from, end, 0.3, bend),
                offChord(from, end, 0.7, bend * rng.range(0, 1)),
                end,
              )
            : (u: number) => lerp(from, end, u)
        chain = Array.from({ length: pieces }, (_, i): Point => {
          const [x, y] = at((i + 1) / pieces)
          const off = path === 'jittered' && i < pieces - 1 ? jitter : 0
          return [Math.round(x + off * rng.range(-1, 1)), Math.round(y + off * rng.range(-1, 1))]
        })
        chain[chain.length - 1] = end
      }
      const points: TimedPoint[] = []
      let prev = from
      for (const p of chain) {
        const trip = roundTrip * rng.range(0.7, 1.5)
        if (!stepped) points.push({ dt: trip + duration + rng.range(0, 2), p })
        else {
          const n = Math.max(1, Math.round(duration / stepMs))
          for (let j = 1; j <= n; j++) {
            const [x, y] = lerp(prev, p, j / n)
            points.push({
              dt: (j === 1 ? trip : 0) + stepMs + rng.range(-0.5, 0.5),
              p: [Math.round(x), Math.round(y)],
            })
          }
        }
        prev = p
      }
      return [{ timed: points }]
    }
  },
  { whole: true, display: true },
)
