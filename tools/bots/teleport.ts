/** Clicks that jump: the pointer appears on each target (one move, or none) and presses at once. */
import type { BotFamily } from './family.ts'
import { finish, move, press, randomTarget, sessionLength, startSession } from './session.ts'

export const teleport: BotFamily = {
  describe: 'pointer jumps onto each target and presses at once',
  generate(rng, index) {
    const s = startSession(rng)
    const withMove = rng.next() < 0.5
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const [tx, ty] = randomTarget(s)
      if (withMove) {
        s.t += 1
        move(s, tx, ty)
      } else {
        s.x = tx
        s.y = ty
      }
      press(s, rng.pick([0, 1, 50]))
      s.t += rng.range(100, 1500)
    }
    return finish(s, 'teleport', index)
  },
}
