/**
 * Typing that imitates an on-screen keyboard: each keyup sent with its keydown (in the same millisecond or
 * the next), keys at uneven log-normal gaps with pauses. Kept apart from `typist` so it can be weighed (or
 * left out of training) on its own: people who type through switch access or eye gaze send such keys too.
 */
import type { BotFamily } from './family.ts'
import { KEY_STYLES, typeKeys } from './form.ts'
import { logNormal } from './rng.ts'
import { finish, sessionLength, startSession } from './session.ts'

export const vkeys: BotFamily = {
  describe: 'keyup sent with each keydown at uneven log-normal gaps (a virtual keyboard imitated)',
  generate(rng, index) {
    const s = startSession(rng)
    const style = KEY_STYLES.virtual.draw(rng)
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      typeKeys(s, style, rng.int(5, 40), end)
      s.t += logNormal(rng, 1500, 0.5)
    }
    return finish(s, 'vkeys', index)
  },
}
