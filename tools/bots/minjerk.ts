/**
 * The strongest generated bot: what a careful attacker builds from the motor-control literature. Curved
 * paths with a minimum-jerk (bell-shaped) speed profile, Fitts'-law durations, an overshoot and a corrective
 * sub-movement, smoothed tremor noise, sampled on a 60 Hz frame clock, human-like settle and press times.
 */
import type { BotFamily } from './family.ts'
import type { Rng } from './rng.ts'
import type { Session } from './session.ts'
import { finish, move, press, randomTarget, sessionLength, startSession } from './session.ts'

const FRAME_MS = 1000 / 60

/** Minimum-jerk position along a movement, for tau in [0, 1]. */
export function minJerk(tau: number): number {
  return tau ** 3 * (10 - 15 * tau + 6 * tau * tau)
}

function reach(
  s: Session,
  rng: Rng,
  tx: number,
  ty: number,
  durationMs: number,
  bend: number,
  noise: { x: number; y: number; sigma: number },
) {
  const [x0, y0] = [s.x, s.y]
  const dx = tx - x0
  const dy = ty - y0
  // control point off the chord, for a gently curved path
  const cx = x0 + dx / 2 - dy * bend
  const cy = y0 + dy / 2 + dx * bend
  const frames = Math.max(2, Math.round(durationMs / FRAME_MS))
  for (let i = 1; i <= frames; i++) {
    const u = minJerk(i / frames)
    noise.x = 0.8 * noise.x + rng.normal() * noise.sigma
    noise.y = 0.8 * noise.y + rng.normal() * noise.sigma
    s.t += FRAME_MS + rng.normal() * 0.3
    const px = (1 - u) ** 2 * x0 + 2 * (1 - u) * u * cx + u * u * tx
    const py = (1 - u) ** 2 * y0 + 2 * (1 - u) * u * cy + u * u * ty
    move(s, px + noise.x, py + noise.y)
  }
}

export const minjerk: BotFamily = {
  describe: 'curved minimum-jerk reaches, overshoot and correction, tremor noise, 60 Hz',
  generate(rng, index) {
    const s = startSession(rng)
    const noise = { x: 0, y: 0, sigma: rng.range(0.2, 1.5) }
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const [tx, ty] = randomTarget(s)
      const distance = Math.hypot(tx - s.x, ty - s.y)
      const fitts = 100 + 150 * Math.log2(distance / 20 + 1)
      const over = rng.range(0.02, 0.12)
      const ox = tx + (tx - s.x) * over
      const oy = ty + (ty - s.y) * over
      reach(s, rng, ox, oy, fitts * rng.range(0.8, 1.2), rng.range(-0.15, 0.15), noise)
      s.t += rng.range(20, 120)
      reach(s, rng, tx, ty, rng.range(120, 280), rng.range(-0.2, 0.2), noise)
      s.t += Math.exp(Math.log(180) + 0.4 * rng.normal())
      press(s, Math.exp(Math.log(95) + 0.3 * rng.normal()))
      const idle = rng.range(300, 2500)
      const until = s.t + idle
      while (s.t < until) {
        s.t += rng.range(200, 700)
        if (rng.next() < 0.5) move(s, s.x + rng.normal(), s.y + rng.normal())
      }
    }
    return finish(s, 'minjerk', index)
  },
}
