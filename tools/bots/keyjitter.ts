/**
 * Typing with jitter: a mean hold and gap at a person's pace, each key's drawn on its own from a uniform
 * or a Gaussian spread around them (what "add a random delay" in an automation script does).
 */
import type { BotFamily } from './family.ts'
import { typeSession } from './keyseq.ts'
import { finish, startSession } from './session.ts'

export const keyjitter: BotFamily = {
  describe: 'keyboard only: holds and gaps each drawn on their own, uniform or Gaussian around a mean',
  generate(rng, index) {
    const s = startSession(rng)
    const [hold, gap] = [rng.range(40, 140), rng.range(90, 380)]
    const [holdSpread, gapSpread] = [rng.range(0.1, 0.5), rng.range(0.15, 0.7)]
    const gaussian = rng.next() < 0.5
    const draw = (mean: number, spread: number) =>
      Math.max(1, mean * (1 + spread * (gaussian ? rng.normal() / 2 : rng.range(-1, 1))))
    typeSession(s, (classes) =>
      classes.map((cls) => ({ cls, hold: draw(hold, holdSpread), gap: draw(gap, gapSpread) })),
    )
    return finish(s, 'keyjitter', index)
  },
}
