/**
 * Human-like scripted typing: holds and gaps drawn from log-normal distributions around a person's values
 * (hold medians 70-130 ms, gap medians 120-300 ms), pauses now and then, sometimes a key down before the last
 * is up. Either no pointer at all or a click into each field before typing.
 */
import type { BotFamily } from './family.ts'
import { KEY_STYLES, typeKeys } from './form.ts'
import type { Point } from './paths.ts'
import { EASES, distance, lerp } from './paths.ts'
import { drawMover, play } from './pointer.ts'
import { logNormal } from './rng.ts'
import { finish, press, randomTarget, sessionLength, startSession } from './session.ts'

export const typist: BotFamily = {
  describe:
    'log-normal holds and gaps around human values, pauses, some rollover; no pointer or a click a field',
  generate(rng, index) {
    const s = startSession(rng)
    const style = KEY_STYLES.human.draw(rng)
    const m = rng.next() < 0.5 ? drawMover(s) : null
    const end = s.t + sessionLength(rng)
    while (s.t < end) {
      if (m) {
        const from: Point = [s.x, s.y]
        const field = randomTarget(s)
        const at = (u: number) => lerp(from, field, EASES.minjerk(u))
        play(m, [{ at, duration: m.timing.duration(distance(from, field)) }])
        s.t += m.timing.dwell()
        press(s, m.timing.hold())
        s.t += logNormal(rng, 400, 0.4)
      }
      typeKeys(s, style, rng.int(5, 40), end)
      s.t += logNormal(rng, 1200, 0.6)
    }
    return finish(s, 'typist', index)
  },
}
