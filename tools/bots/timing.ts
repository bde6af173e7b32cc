/**
 * Movement timing and press styles, drawn per session independently of the path: how long a movement
 * takes (Fitts' law, constant speed, a fixed duration), how long the pointer rests on its target before the
 * press (dwell) and how long the button is held.
 */
import type { Rng } from './rng.ts'
import { logNormal } from './rng.ts'

interface Kind<F> {
  describe: string
  draw(rng: Rng, human: readonly [number, number]): F
}
type Duration = (distance: number) => number

export const DURATIONS = {
  fitts: {
    describe: "Fitts' law: a + b log2(distance / width + 1), with or without per-movement spread",
    draw(rng): Duration {
      const [a, b, width] = [rng.range(50, 200), rng.range(80, 180), rng.range(8, 40)]
      const spread = rng.pick([0, 0.1, 0.2])
      return (d) => (a + b * Math.log2(d / width + 1)) * Math.exp(spread * rng.normal())
    },
  },
  speed: {
    describe: 'constant speed (0.3-3 px/ms), never shorter than a floor',
    draw(rng): Duration {
      const [speed, floor] = [rng.range(0.3, 3), rng.range(16, 120)]
      return (d) => Math.max(floor, d / speed)
    },
  },
  fixed: {
    describe: 'one duration (150-1500 ms) for every movement, or that duration jittered',
    draw(rng): Duration {
      const [value, jitter] = [rng.range(150, 1500), rng.pick([0, 0.1, 0.25])]
      return () => value * (1 + jitter * rng.range(-1, 1))
    },
  },
} as const satisfies Record<string, Kind<Duration>>

/** Delay styles; `human` is the range of a person's median for that delay. */
export const DELAYS = {
  zero: { describe: 'none', draw: () => () => 0 },
  fixed: {
    describe: 'one value for the session',
    draw(rng, [, hi]) {
      const value = rng.next() < 0.3 ? rng.pick([1, 10, 50, 100]) : rng.range(0, 2 * hi)
      return () => value
    },
  },
  uniform: {
    describe: 'uniform between two values drawn for the session',
    draw(rng, [, hi]) {
      const lo = rng.range(0, hi)
      const top = lo + rng.range(10, hi)
      return () => rng.range(lo, top)
    },
  },
  human: {
    describe: 'log-normal around a human median (settle 100-300 ms, hold 60-130 ms)',
    draw(rng, [lo, hi]) {
      const [median, sigma] = [rng.range(lo, hi), rng.range(0.2, 0.45)]
      return () => logNormal(rng, median, sigma)
    },
  },
} as const satisfies Record<string, Kind<() => number>>

export type DurationStyle = keyof typeof DURATIONS
export type DelayStyle = keyof typeof DELAYS

/** The medians of people's settle time before a press and of their press hold, ms. */
export const HUMAN_DWELL = [100, 300] as const
export const HUMAN_HOLD = [60, 130] as const

export interface Timing {
  styles: { duration: DurationStyle; dwell: DelayStyle; hold: DelayStyle }
  /** ms to move `distance` px */
  duration(distance: number): number
  /** ms between arriving on a target and pressing it */
  dwell(): number
  /** ms the button is held */
  hold(): number
}

export function drawTiming(rng: Rng): Timing {
  const styles = {
    duration: rng.pick(Object.keys(DURATIONS) as DurationStyle[]),
    dwell: rng.pick(Object.keys(DELAYS) as DelayStyle[]),
    hold: rng.pick(Object.keys(DELAYS) as DelayStyle[]),
  }
  return {
    styles,
    duration: DURATIONS[styles.duration].draw(rng),
    dwell: DELAYS[styles.dwell].draw(rng, HUMAN_DWELL),
    hold: DELAYS[styles.hold].draw(rng, HUMAN_HOLD),
  }
}
