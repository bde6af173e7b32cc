/**
 * Human-like typing drawn key by key: log-normal holds and release-to-press flights with a person's
 * medians and spreads, a pause now and then, rollover when a flight comes out negative. Each value is
 * drawn independently of the last (i.i.d.), where a person's timings depend on the ones before.
 */
import type { BotFamily } from './family.ts'
import { typeSession } from './keyseq.ts'
import { logNormal } from './rng.ts'
import { finish, startSession } from './session.ts'

export const keyiid: BotFamily = {
  describe: 'keyboard only: log-normal holds and flights drawn independently, pauses, some rollover',
  generate(rng, index) {
    const s = startSession(rng)
    const [hold, holdSigma] = [rng.range(60, 140), rng.range(0.15, 0.45)]
    const [flight, flightSigma] = [rng.range(40, 300), rng.range(0.3, 0.9)]
    const [pause, rollover] = [rng.range(0, 0.08), rng.range(0, 0.25)]
    typeSession(s, (classes) =>
      classes.map((cls) => {
        const h = logNormal(rng, hold, holdSigma)
        let f = logNormal(rng, flight, flightSigma)
        if (rng.next() < rollover) f = -rng.range(5, h * 0.8)
        if (rng.next() < pause) f += logNormal(rng, 800, 0.5)
        return { cls, hold: h, gap: h + f }
      }),
    )
    return finish(s, 'keyiid', index)
  },
}
