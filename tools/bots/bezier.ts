/**
 * The common "human-like" library: a cubic Bezier with random control points, eased in and out, a fixed
 * number of steps per movement, a slightly jittered interval and a random press time.
 */
import type { BotFamily } from './family.ts'
import { finish, move, press, randomTarget, sessionLength, startSession } from './session.ts'

export const bezier: BotFamily = {
  describe: 'cubic Bezier paths, eased, fixed step count, jittered interval',
  generate(rng, index) {
    const s = startSession(rng)
    const steps = rng.int(15, 60)
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const [tx, ty] = randomTarget(s)
      const [x0, y0] = [s.x, s.y]
      const spread = Math.hypot(tx - x0, ty - y0) * rng.range(0.1, 0.5)
      const c1 = [x0 + (tx - x0) * 0.3 + rng.normal() * spread, y0 + (ty - y0) * 0.3 + rng.normal() * spread]
      const c2 = [x0 + (tx - x0) * 0.7 + rng.normal() * spread, y0 + (ty - y0) * 0.7 + rng.normal() * spread]
      const duration = rng.range(300, 1200)
      for (let i = 1; i <= steps; i++) {
        const u = (1 - Math.cos((Math.PI * i) / steps)) / 2
        const a = (1 - u) ** 3
        const b = 3 * (1 - u) ** 2 * u
        const c = 3 * (1 - u) * u * u
        const d = u ** 3
        s.t += duration / steps + rng.range(-1, 1)
        move(s, a * x0 + b * c1[0]! + c * c2[0]! + d * tx, a * y0 + b * c1[1]! + c * c2[1]! + d * ty)
      }
      s.t += rng.range(0, 300)
      press(s, rng.range(30, 150))
      s.t += rng.range(200, 1500)
    }
    return finish(s, 'bezier', index)
  },
}
