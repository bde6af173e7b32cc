/**
 * OS-level scripting (pyautogui `moveTo(x, y, duration, tween)`, xdotool and the like): a straight line
 * with an easing curve, one step per timer tick (50 ms in pyautogui, 10 ms in others), then a click whose
 * press is as long as the library's default.
 */
import type { BotFamily } from './family.ts'
import { finish, move, press, randomTarget, sessionLength, startSession } from './session.ts'

const EASINGS: readonly ((u: number) => number)[] = [
  (u) => u,
  (u) => (u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2), // easeInOutQuad
  (u) => 1 - (1 - u) ** 3, // easeOutCubic
  (u) => -(Math.cos(Math.PI * u) - 1) / 2, // easeInOutSine
]

export const tween: BotFamily = {
  describe: 'straight eased moves on a timer tick (pyautogui, xdotool), library-default clicks',
  generate(rng, index) {
    const s = startSession(rng)
    const tick = rng.pick([10, 16, 50])
    const ease = rng.pick(EASINGS)
    const hold = rng.pick([0, 1, 10, 50, 100])
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const [tx, ty] = randomTarget(s)
      const [x0, y0] = [s.x, s.y]
      const steps = Math.max(2, Math.round(rng.range(200, 1000) / tick))
      for (let i = 1; i <= steps; i++) {
        s.t += tick + rng.range(0, 1.5)
        const u = ease(i / steps)
        move(s, x0 + (tx - x0) * u, y0 + (ty - y0) * u)
      }
      s.t += rng.range(0, 60)
      press(s, hold)
      s.t += rng.range(300, 2500)
    }
    return finish(s, 'tween', index)
  },
}
