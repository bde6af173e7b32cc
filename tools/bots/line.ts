/** The naive bot: straight lines at constant speed, a fixed event interval, a fixed press time. */
import type { BotFamily } from './family.ts'
import { finish, move, press, randomTarget, sessionLength, startSession } from './session.ts'

export const line: BotFamily = {
  describe: 'straight lines at constant speed, fixed interval, fixed press',
  generate(rng, index) {
    const s = startSession(rng)
    const dt = rng.pick([1, 5, 10, 16, 20, 50])
    const speed = rng.range(0.5, 3) // px per ms
    const hold = rng.pick([0, 10, 50, 100])
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const [tx, ty] = randomTarget(s)
      const [x0, y0] = [s.x, s.y]
      const steps = Math.max(2, Math.ceil(Math.hypot(tx - x0, ty - y0) / (speed * dt)))
      for (let i = 1; i <= steps; i++) {
        s.t += dt
        move(s, x0 + ((tx - x0) * i) / steps, y0 + ((ty - y0) * i) / steps)
      }
      s.t += rng.pick([0, 100, 500])
      press(s, hold)
      s.t += 200
    }
    return finish(s, 'line', index)
  },
}
