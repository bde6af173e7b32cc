/**
 * A human-like path library for DevTools-protocol automation (in the manner of ghost-cursor): Bezier paths
 * with random control points, a step count from Fitts' law, an overshoot on long moves, but every step sent
 * as soon as the previous one was acknowledged (1-4 ms apart), and a click after a short random wait.
 */
import type { BotFamily } from './family.ts'
import type { Rng } from './rng.ts'
import type { Session } from './session.ts'
import { finish, move, press, randomTarget, sessionLength, startSession } from './session.ts'

function path(s: Session, rng: Rng, tx: number, ty: number): void {
  const [x0, y0] = [s.x, s.y]
  const distance = Math.hypot(tx - x0, ty - y0)
  const spread = Math.min(200, Math.max(2, distance * 0.25))
  const c1 = [
    x0 + (tx - x0) * rng.next() + rng.normal() * spread,
    y0 + (ty - y0) * rng.next() + rng.normal() * spread,
  ]
  const c2 = [
    x0 + (tx - x0) * rng.next() + rng.normal() * spread,
    y0 + (ty - y0) * rng.next() + rng.normal() * spread,
  ]
  const steps = Math.max(25, Math.ceil((Math.log2(distance / 100 + 1) + 2) * 10))
  for (let i = 1; i <= steps; i++) {
    const u = i / steps
    const a = (1 - u) ** 3
    const b = 3 * (1 - u) ** 2 * u
    const c = 3 * (1 - u) * u * u
    const d = u ** 3
    s.t += rng.range(1, 4)
    move(s, a * x0 + b * c1[0]! + c * c2[0]! + d * tx, a * y0 + b * c1[1]! + c * c2[1]! + d * ty)
  }
}

export const ghost: BotFamily = {
  describe: 'Bezier paths with Fitts step counts and overshoot, steps sent back to back, short random waits',
  generate(rng, index) {
    const s = startSession(rng)
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const [tx, ty] = randomTarget(s)
      if (Math.hypot(tx - s.x, ty - s.y) > 500) {
        path(s, rng, tx + rng.normal() * 60, ty + rng.normal() * 60)
        s.t += rng.range(0, 50)
      }
      path(s, rng, tx, ty)
      s.t += rng.range(0, 200)
      press(s, rng.range(0, 150))
      s.t += rng.range(300, 2500)
    }
    return finish(s, 'ghost', index)
  },
}
