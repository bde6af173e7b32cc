/** Scripted typing: a fixed (or uniformly jittered) delay between keys, a fixed short hold, one key at a time. */
import type { BotFamily } from './family.ts'
import { finish, startSession } from './session.ts'

const CLASSES = ['letter', 'letter', 'letter', 'letter', 'space', 'digit', 'letter', 'backspace'] as const

export const typing: BotFamily = {
  describe: 'keyboard only, fixed or uniformly jittered delay, fixed hold',
  generate(rng, index) {
    const s = startSession(rng)
    const gap = rng.pick([0, 20, 50, 100, 150, 250])
    const jitter = rng.next() < 0.5 ? 0 : rng.range(10, gap + 50)
    const hold = rng.pick([0, 1, 5, 20, 50, 100])
    const keys = rng.int(10, 120)
    for (let i = 0; i < keys; i++) {
      const key = rng.pick(CLASSES)
      s.events.push({ t_ms: s.t, type: 'keydown', key })
      s.t += hold
      s.events.push({ t_ms: s.t, type: 'keyup', key })
      s.t += gap + rng.range(0, jitter)
    }
    return finish(s, 'typing', index)
  },
}
