/**
 * Keys and scrolls, as a form session has them: a typing style (holds, gaps, pauses, rollover) drawn per
 * session, and bursts of wheel notches.
 */
import type { Rng } from './rng.ts'
import { logNormal } from './rng.ts'
import type { Session } from './session.ts'

export interface KeyStyle {
  /** ms a key is held */
  hold(): number
  /** ms from one keydown to the next */
  gap(): number
  /** chance of a pause (reading, thinking) before a key */
  pause: number
  /** chance that a key goes down before the last one is up, when the gap is shorter than the hold */
  rollover: number
  /** chance that a letter is a capital, shift held around it */
  capitals: number
}

export const KEY_STYLES = {
  human: {
    describe: 'log-normal holds (median 70-130 ms) and gaps (median 120-300 ms), pauses, some rollover',
    draw(rng: Rng): KeyStyle {
      const [hold, holdSigma] = [rng.range(70, 130), rng.range(0.15, 0.35)]
      const [gap, gapSigma] = [rng.range(120, 300), rng.range(0.3, 0.6)]
      return {
        hold: () => logNormal(rng, hold, holdSigma),
        gap: () => logNormal(rng, gap, gapSigma),
        pause: rng.range(0.01, 0.08),
        rollover: rng.range(0, 0.4),
        capitals: rng.range(0, 0.06),
      }
    },
  },
  virtual: {
    describe: 'keyup sent with its keydown, at uneven gaps (an on-screen keyboard imitated)',
    draw(rng: Rng): KeyStyle {
      const [gap, sigma] = [rng.range(250, 900), rng.range(0.4, 0.9)]
      const late = rng.pick([0, 0, 1])
      return {
        hold: () => rng.range(0, late),
        gap: () => logNormal(rng, gap, sigma),
        pause: rng.range(0, 0.05),
        rollover: 0,
        capitals: 0,
      }
    },
  },
  fixed: {
    describe: 'a fixed delay and a fixed hold (a library default)',
    draw(rng: Rng): KeyStyle {
      const [hold, gap] = [rng.pick([0, 1, 5, 20, 50]), rng.pick([0, 20, 50, 100, 150])]
      return { hold: () => hold, gap: () => hold + gap, pause: 0, rollover: 0, capitals: 0 }
    },
  },
  uniform: {
    describe: 'holds and gaps uniform between values drawn per session',
    draw(rng: Rng): KeyStyle {
      const [hold, gap] = [rng.range(20, 120), rng.range(60, 300)]
      return {
        hold: () => rng.range(hold / 2, hold * 1.5),
        gap: () => rng.range(gap / 2, gap * 1.5),
        pause: rng.pick([0, 0.03]),
        rollover: 0,
        capitals: rng.pick([0, 0.03]),
      }
    },
  },
} as const
export type KeyStyleName = keyof typeof KEY_STYLES

export function drawKeyStyle(rng: Rng, names: readonly KeyStyleName[]): KeyStyle {
  return KEY_STYLES[rng.pick(names)].draw(rng)
}

const LETTERS = ['letter', 'letter', 'letter', 'letter', 'letter', 'letter', 'digit', 'backspace'] as const

/**
 * `count` keys (fewer if `until` comes first) from s.t on: words of letters between spaces, now and then a
 * digit, a backspace or a capital (shift held over the letter). Events may be out of order; finish() sorts.
 */
export function typeKeys(s: Session, style: KeyStyle, count: number, until = Infinity): void {
  const { rng } = s
  let word = rng.int(2, 9)
  let lastUp = s.t
  for (let i = 0; i < count && s.t < until; i++) {
    if (rng.next() < style.pause) s.t += logNormal(rng, 900, 0.6)
    const key = --word < 0 ? 'space' : rng.pick(LETTERS)
    if (key === 'space') word = rng.int(2, 9)
    const hold = style.hold()
    const shifted = key === 'letter' && rng.next() < style.capitals
    if (shifted) s.events.push({ t_ms: s.t - rng.range(30, 120), type: 'keydown', key: 'shift' })
    s.events.push({ t_ms: s.t, type: 'keydown', key }, { t_ms: s.t + hold, type: 'keyup', key })
    if (shifted) s.events.push({ t_ms: s.t + hold + rng.range(5, 80), type: 'keyup', key: 'shift' })
    lastUp = Math.max(lastUp, s.t + hold + (shifted ? 80 : 0))
    let gap = style.gap()
    if (gap < hold && rng.next() >= style.rollover) gap = hold + logNormal(rng, 40, 0.5)
    s.t += Math.max(shifted ? 130 : 0, gap)
  }
  s.t = Math.max(s.t, lastUp)
}

/** A few wheel notches at the pointer, `notch` px each, one direction. */
export function scrollWheel(s: Session, notch: number, gap: () => number): void {
  const { rng } = s
  const sign = rng.next() < 0.7 ? 1 : -1
  for (let n = rng.int(1, 8); n > 0; n--) {
    s.events.push({ t_ms: s.t, type: 'wheel', x: s.x, y: s.y, deltaY: sign * notch })
    s.t += gap()
  }
}
