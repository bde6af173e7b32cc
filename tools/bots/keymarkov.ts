/**
 * A Markov-digraph typist: each gap's median depends on the pair of key classes (inside a word, into or
 * out of a space, a correction), holds on the class, and the log-timing follows an AR(1) process so fast
 * keys follow fast keys; pauses before words now and then. The most careful keyboard imitation here: it
 * has the dependence the i.i.d. families lack, in a simpler form than a person's.
 */
import type { BotFamily } from './family.ts'
import { typeSession } from './keyseq.ts'
import { logNormal } from './rng.ts'
import { finish, startSession } from './session.ts'

export const keymarkov: BotFamily = {
  describe: 'keyboard only: gap medians per class pair, holds per class, AR(1) log-timing, pauses',
  generate(rng, index) {
    const s = startSession(rng)
    const base = rng.range(100, 260)
    // the gap into and out of a word boundary, relative to a gap inside a word
    const boundary = rng.range(0.9, 1.8)
    const hold = rng.range(60, 130)
    const [phi, sigma] = [rng.range(0.2, 0.7), rng.range(0.2, 0.5)]
    const pause = rng.range(0, 0.1)
    const inside = (c: string) => c === 'letter' || c === 'digit'
    typeSession(s, (classes) => {
      let state = 0
      return classes.map((cls, i) => {
        const next = classes[i + 1] ?? cls
        state = phi * state + Math.sqrt(1 - phi * phi) * rng.normal()
        const pair = inside(cls) && inside(next) ? 1 : boundary
        let gap = base * pair * Math.exp(sigma * state)
        if (!inside(cls) && rng.next() < pause) gap += logNormal(rng, 700, 0.5)
        const h = logNormal(rng, hold * (cls === 'space' ? 1.1 : 1), 0.2) * Math.exp(0.3 * sigma * state)
        return { cls, hold: h, gap }
      })
    })
    return finish(s, 'keymarkov', index)
  },
}
