/**
 * The DELBOT task done by a script: draw a circle or a tilted ellipse with the button held, one turn or a
 * few, radius 50-250 px, at a constant or eased angular speed, with or without smoothed noise. The script
 * either loops over 24-180 points a turn, sending one a clock tick, or plays the curve over a duration on
 * the session's clock; a session draws one to three figures, on a drawn clock and timing.
 */
import type { BotFamily } from './family.ts'
import type { Path, Point } from './paths.ts'
import { EASES, distance, lerp, noiseTrack, plus, trace } from './paths.ts'
import { cutStrokes, drawMover, play, type Stroke } from './pointer.ts'
import { finish, hold, move, release, startSession } from './session.ts'

export const circle: BotFamily = {
  describe: 'circles and ellipses drawn with a held button, 1-3 turns, constant or eased, optional noise',
  generate(rng, index) {
    const s = startSession(rng)
    const m = drawMover(s)
    const ease = rng.pick([EASES.linear, EASES.linear, EASES.sine, EASES.cubic, EASES.minjerk])
    const perTurn = rng.next() < 0.5 ? rng.int(24, 180) : 0
    const [sigma, approach, clicks] = [
      rng.pick([0, 0, rng.range(0.3, 3)]),
      rng.next() < 0.6,
      rng.next() < 0.6,
    ]
    const figures = rng.pick([1, 1, 1, 2, 3])
    for (let k = 0; k < figures; k++) {
      const r = rng.range(50, 250)
      const [rx, ry] = rng.next() < 0.6 ? [r, r] : [r, Math.max(50, Math.min(250, r * rng.range(0.6, 1.4)))]
      const [tilt, start, turn] = [rng.range(0, Math.PI), rng.range(0, 2 * Math.PI), rng.pick([-1, 1])]
      const turns = rng.next() < 0.7 ? rng.range(1, 1.2) : rng.int(2, 3)
      const margin = Math.max(rx, ry) + 20
      const c: Point = [rng.range(margin, s.screen[0] - margin), rng.range(margin, s.screen[1] - margin)]
      const [cos, sin] = [Math.cos(tilt), Math.sin(tilt)]
      const ellipse: Path = (u) => {
        const a = start + turn * 2 * Math.PI * turns * ease(u)
        const [x, y] = [rx * Math.cos(a), ry * Math.sin(a)]
        return [c[0] + x * cos - y * sin, c[1] + x * sin + y * cos]
      }
      const at = sigma ? plus(ellipse, noiseTrack(rng, sigma, Math.round(turns * 20))) : ellipse
      const first = at(0)
      if (k > 0) s.t += rng.range(500, 3000)
      if (k === 0 && !approach) [s.x, s.y] = [Math.round(first[0]), Math.round(first[1])]
      if (approach) {
        const from: Point = [s.x, s.y]
        play(m, [{ at: (u) => lerp(from, first, u), duration: m.timing.duration(distance(from, first)) }])
      } else if (distance([s.x, s.y], first) > 1) {
        s.t = m.clock.next(s.t)
        move(s, ...first)
      }
      s.t += m.timing.dwell()
      hold(s)
      s.t += rng.range(0, 200)
      const duration = Math.max(600 * turns, m.timing.duration(Math.PI * (rx + ry) * turns))
      const quarters = Math.ceil(4 * turns)
      const cuts = Array.from({ length: quarters - 1 }, (_, i) => (i + 1) / quarters)
      const strokes: Stroke[] = perTurn
        ? [{ perTick: trace(at, Math.round(perTurn * turns)).slice(1) }]
        : cutStrokes(at, duration, cuts, () => 0)
      play(m, strokes)
      s.t += rng.range(0, 300)
      release(s, clicks)
    }
    return finish(s, 'circle', index)
  },
}
