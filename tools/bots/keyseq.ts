/**
 * Shared scaffolding of the keyboard-only families (keyrate, keyjitter, keyiid, keyreplay, keymarkov):
 * what is typed (words between spaces, a correction now and then, or a number and Enter as on a keypad),
 * the clock the keys are stamped on, and writing a sequence of timed presses into a session. The families
 * differ only in how they time each key, so a model learns timing, not content or clock.
 */
import type { Rng } from './rng.ts'
import { logNormal } from './rng.ts'
import type { Session } from './session.ts'
import { sessionLength } from './session.ts'

/** A key to press: its class, how long it is held, and ms from its down to the next key's down. */
export interface TimedKey {
  cls: string
  hold: number
  gap: number
}

/**
 * Key timer resolutions, ms: a browser's whole milliseconds, coarser timers, and the 15.6 ms tick of some
 * Windows machines. Drawn per session for every family, so that no clock is a family's signature (the
 * people on a numeric keypad in the data were timed on the 15.6 ms tick).
 */
export const KEY_CLOCKS = [1, 4, 8, 15.625] as const

/** What one session types: `text` (words, spaces, corrections) or `number` (digits and Enter, again and again). */
export type Content = 'text' | 'number'

/** The classes of the next `n` keys of `content`. */
export function classesOf(rng: Rng, content: Content, n: number): string[] {
  const out: string[] = []
  if (content === 'number') {
    while (out.length < n) {
      for (let d = rng.pick([4, 6, 10]); d > 0; d--) out.push('digit')
      out.push('enter')
    }
    return out.slice(0, n)
  }
  let word = rng.int(1, 8)
  while (out.length < n) {
    if (word-- <= 0) {
      out.push(rng.next() < 0.08 ? 'backspace' : 'space')
      word = rng.int(1, 8)
    } else out.push(rng.next() < 0.05 ? 'digit' : 'letter')
  }
  return out
}

/** Writes `keys` from s.t on, stamped on a `tick`-ms clock; s.t ends after the last key is up. */
export function typeTimed(s: Session, keys: readonly TimedKey[], tick: number): void {
  const stamp = (t: number) => Math.ceil(t / tick - 1e-9) * tick
  let lastUp = s.t
  for (const k of keys) {
    const down = stamp(s.t)
    const up = Math.max(down, stamp(s.t + Math.max(0, k.hold)))
    s.events.push({ t_ms: down, type: 'keydown', key: k.cls }, { t_ms: up, type: 'keyup', key: k.cls })
    lastUp = Math.max(lastUp, up)
    s.t += Math.max(1, k.gap)
  }
  s.t = Math.max(s.t, lastUp)
}

/**
 * A keyboard-only session: bursts (a field's worth of keys, timed by `burst`) between breaks of 0.6-3 s,
 * until the session's length. `burst(classes)` returns the timing of those keys.
 */
export function typeSession(
  s: Session,
  burst: (classes: string[]) => TimedKey[],
): { content: Content; tick: number } {
  const { rng } = s
  const content: Content = rng.next() < 0.3 ? 'number' : 'text'
  const tick = rng.pick(KEY_CLOCKS)
  const end = s.t + sessionLength(rng)
  while (s.t < end) {
    const n = content === 'number' ? rng.pick([5, 7, 11, 22]) : rng.int(8, 80)
    typeTimed(s, burst(classesOf(rng, content, n)), tick)
    s.t += logNormal(rng, 1200, 0.5)
  }
  return { content, tick }
}
