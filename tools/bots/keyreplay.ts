/**
 * Replayed people: a recorded person's holds and gaps, with the order that made them a rhythm broken.
 * `shuffle` permutes holds and gaps separately, `resample` draws them with replacement, `warp` keeps the
 * order but stretches the whole by a factor and each key by its own noise. Every value is a person's; only
 * the dependence between consecutive keys (and, warped, part of it) is gone. With no rhythms given, a
 * made-up human-like one is replayed.
 */
import type { BotFamily } from './family.ts'
import type { TimedKey } from './keyseq.ts'
import { typeTimed, KEY_CLOCKS } from './keyseq.ts'
import type { Rng } from './rng.ts'
import { logNormal } from './rng.ts'
import type { KeyRhythm } from './rhythms.ts'
import { finish, sessionLength, startSession } from './session.ts'

const MODES = ['shuffle', 'resample', 'warp'] as const

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

function madeUp(rng: Rng): KeyRhythm {
  return Array.from({ length: 60 }, () => ({
    cls: rng.next() < 0.18 ? 'space' : 'letter',
    hold: logNormal(rng, 95, 0.3),
    gap: logNormal(rng, 200, 0.5),
  }))
}

export const keyreplay: BotFamily = {
  describe: "keyboard only: a person's holds and gaps shuffled, resampled, or time-warped with noise",
  generate(rng, index, _schedules, rhythms = []) {
    const s = startSession(rng)
    const mode = rng.pick(MODES)
    const tick = rng.pick(KEY_CLOCKS)
    const [scale, noise] = [rng.range(0.7, 1.4), rng.range(0.1, 0.35)]
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      const source = rhythms.length ? rng.pick(rhythms) : madeUp(rng)
      let keys: TimedKey[]
      if (mode === 'warp')
        keys = source.map((k) => ({
          cls: k.cls,
          hold: k.hold * scale * Math.exp(noise * rng.normal()),
          gap: k.gap * scale * Math.exp(noise * rng.normal()),
        }))
      else {
        const pick = (values: number[]) =>
          mode === 'shuffle' ? shuffled(rng, values) : values.map(() => rng.pick(values))
        const holds = pick(source.map((k) => k.hold))
        const gaps = pick(source.slice(0, -1).map((k) => k.gap))
        keys = source.map((k, i) => ({ cls: k.cls, hold: holds[i]!, gap: gaps[i] ?? 0 }))
      }
      typeTimed(s, keys, tick)
      s.t += logNormal(rng, 1200, 0.5)
    }
    return finish(s, 'keyreplay', index)
  },
}
