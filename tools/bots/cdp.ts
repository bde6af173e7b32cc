/**
 * Puppeteer / Playwright driving a browser over the DevTools protocol without a stealth layer:
 * `mouse.move(x, y, { steps })` interpolates a straight line and sends each step as soon as the last one
 * was acknowledged (1-4 ms apart), `mouse.click` presses for `delay` ms (0 by default), `keyboard.type`
 * types with a fixed `delay`. The events are trusted and navigator.webdriver may have been hidden.
 */
import type { BotFamily } from './family.ts'
import { finish, move, press, randomTarget, sessionLength, startSession } from './session.ts'

export const cdp: BotFamily = {
  describe:
    'DevTools-protocol automation: stepped straight moves 1-4 ms apart, default click and type delays',
  generate(rng, index) {
    const s = startSession(rng)
    const steps = rng.pick([1, 5, 10, 20, 50])
    const clickDelay = rng.pick([0, 0, 10, 50, 100])
    const typeDelay = rng.pick([0, 20, 50, 100])
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const [tx, ty] = randomTarget(s)
      const [x0, y0] = [s.x, s.y]
      for (let i = 1; i <= steps; i++) {
        s.t += rng.range(1, 4)
        move(s, x0 + ((tx - x0) * i) / steps, y0 + ((ty - y0) * i) / steps)
      }
      s.t += rng.range(1, 5)
      press(s, clickDelay)
      if (rng.next() < 0.3) {
        for (let k = rng.int(5, 20); k > 0; k--) {
          s.t += typeDelay
          s.events.push(
            { t_ms: s.t, type: 'keydown', key: 'letter' },
            { t_ms: s.t + rng.range(0, 2), type: 'keyup', key: 'letter' },
          )
        }
      }
      s.t += rng.range(200, 2000)
    }
    return finish(s, 'cdp', index)
  },
}
