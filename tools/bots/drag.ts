/**
 * Scripted drag and drop (a sortable list, a canvas, a puzzle piece): reach a source, press, move to the drop
 * target with the button held, release; between drags, ordinary reaches and clicks. Reaches and drags follow
 * one path shape drawn per session (an eased line, a Bezier with random control points, or a curved
 * minimum-jerk movement with smoothed noise), on a drawn clock and timing.
 */
import type { BotFamily } from './family.ts'
import type { Path, Point } from './paths.ts'
import { EASES, cubic, distance, lerp, minJerk, noiseTrack, offChord, plus, quadratic } from './paths.ts'
import { drawMover, idle, play, type Mover } from './pointer.ts'
import { finish, hold, press, release, sessionLength, startSession } from './session.ts'

const SHAPES = ['line', 'bezier', 'minjerk'] as const
type Shape = (typeof SHAPES)[number]

/** A path from `from` to `to` of the session's shape. */
function path(m: Mover, shape: Shape, ease: (u: number) => number, from: Point, to: Point): Path {
  const { rng } = m
  const d = distance(from, to)
  if (shape === 'line') return (u) => lerp(from, to, ease(u))
  if (shape === 'bezier') {
    const control = (f: number): Point => {
      const [x, y] = lerp(from, to, f)
      return [x + rng.normal() * d * 0.2, y + rng.normal() * d * 0.2]
    }
    const at = cubic(from, control(0.3), control(0.7), to)
    return (u) => at(EASES.sine(u))
  }
  const noise = noiseTrack(rng, rng.range(0.2, 1.5), Math.max(4, Math.round(d / 15)), 0.8, (u) =>
    Math.sin(Math.PI * u),
  )
  const at = plus(quadratic(from, offChord(from, to, 0.5, rng.range(-0.15, 0.15)), to), noise)
  return (u) => at(minJerk(u))
}

/** A drop target 80-700 px from `from`, on the screen. */
function dropTarget(m: Mover, from: Point): Point {
  const { rng, s } = m
  const [angle, r] = [rng.range(0, 2 * Math.PI), rng.range(80, 700)]
  const clamp = (v: number, hi: number) => Math.max(20, Math.min(hi - 20, v))
  return [
    clamp(from[0] + r * Math.cos(angle), s.screen[0]),
    clamp(from[1] + r * Math.sin(angle), s.screen[1]),
  ]
}

export const drag: BotFamily = {
  describe: 'scripted drag and drop along lines, Beziers or noisy minimum-jerk paths, clicks between',
  generate(rng, index) {
    const s = startSession(rng)
    const m = drawMover(s)
    const [shape, ease] = [rng.pick(SHAPES), rng.pick(Object.values(EASES))]
    const [drags, slower, clicks] = [rng.range(0.3, 0.9), rng.range(1, 1.8), rng.next() < 0.6]
    const reach = (to: Point, scale = 1) => {
      const from: Point = [s.x, s.y]
      play(m, [
        { at: path(m, shape, ease, from, to), duration: m.timing.duration(distance(from, to)) * scale },
      ])
    }
    const end = s.t + sessionLength(rng)
    for (let k = 0; k === 0 || s.t < end; k++) {
      reach([rng.range(20, s.screen[0] - 20), rng.range(20, s.screen[1] - 20)])
      s.t += m.timing.dwell()
      if (k === 0 || rng.next() < drags) {
        hold(s)
        s.t += rng.range(0, 250)
        reach(dropTarget(m, [s.x, s.y]), slower)
        s.t += rng.range(0, 300)
        release(s, clicks)
      } else press(s, m.timing.hold())
      idle(m, s.t + rng.range(300, 2500))
    }
    return finish(s, 'drag', index)
  },
}
