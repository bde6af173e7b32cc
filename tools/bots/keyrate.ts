/** Typing at a fixed rate: one hold and one gap for every key, at a person's pace, give or take a ms. */
import type { BotFamily } from './family.ts'
import { typeSession } from './keyseq.ts'
import { finish, startSession } from './session.ts'

export const keyrate: BotFamily = {
  describe: 'keyboard only: a fixed hold (30-150 ms) and a fixed gap (80-400 ms), on a 1-15.6 ms clock',
  generate(rng, index) {
    const s = startSession(rng)
    const [hold, gap, wobble] = [rng.range(30, 150), rng.range(80, 400), rng.pick([0, 1, 2])]
    typeSession(s, (classes) =>
      classes.map((cls) => ({ cls, hold: hold + rng.range(0, wobble), gap: gap + rng.range(0, wobble) })),
    )
    return finish(s, 'keyrate', index)
  },
}
