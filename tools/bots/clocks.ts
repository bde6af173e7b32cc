/**
 * Sampling clocks: *when* a generated pointer's moves are sent, drawn per session independently of the
 * path. Without them each family has one baked-in rhythm and a model learns the clock, not the path: the
 * same curve sent at 60 Hz would pass. A clock turns one continuous movement (`at(u)` over u in [0, 1],
 * lasting `duration` ms) into timed samples.
 */
import type { Path } from './paths.ts'
import type { Rng } from './rng.ts'
import { logNormal } from './rng.ts'

/** One sample of a movement: when it is sent (session ms) and the share of the movement done by then. */
export interface Tick {
  t: number
  u: number
}

export interface Clock {
  name: string
  /** the typical interval between two samples, ms */
  period: number
  /** the samples of a movement that starts at `start` and lasts `duration` ms; the last one has u = 1 */
  sample(start: number, duration: number): Tick[]
  /** when the tick after `t` comes: the next step of a walker that sends one step per tick */
  next(t: number): number
}

/** Samples of a time-driven clock: every tick until the movement's end, the first one after it shows the end. */
function byTime(next: (t: number) => number) {
  return (start: number, duration: number): Tick[] => {
    const out: Tick[] = []
    for (let t = next(start); ; t = next(t)) {
      const u = duration > 0 ? Math.min(1, (t - start) / duration) : 1
      out.push({ t, u })
      if (u >= 1) return out
    }
  }
}

/**
 * A global periodic clock (display frames, USB polling, the OS timer): ticks at phase + k * period, each
 * off by up to `jitter` ms, a tick skipped with probability `drop`.
 */
function grid(rng: Rng, name: string, period: number, jitter: number, drop: number): Clock {
  const phase = rng.range(0, period)
  const next = (t: number) => {
    // the first tick that cannot land at or before t, whatever its jitter
    let k = Math.floor((t + jitter - phase) / period) + 1
    while (rng.next() < drop) k++
    return phase + k * period + rng.range(-jitter, jitter)
  }
  return { name, period, next, sample: byTime(next) }
}

/** A timer loop started with the movement (`sleep(interval)` in a script): every wait overshoots a little. */
function timer(name: string, interval: () => number, period: number): Clock {
  const next = (t: number) => t + interval()
  return { name, period, next, sample: byTime(next) }
}

/** A fixed number of steps per movement, `gap(duration)` ms apart. */
function stepped(name: string, steps: number, gap: (duration: number) => number, period: number): Clock {
  return {
    name,
    period,
    next: (t) => t + gap(period * steps),
    sample(start, duration) {
      const out: Tick[] = []
      let t = start
      for (let i = 1; i <= steps; i++) out.push({ t: (t += gap(duration)), u: i / steps })
      return out
    },
  }
}

export interface ClockKind {
  describe: string
  draw(rng: Rng): Clock
}

export const CLOCKS = {
  frame60: {
    describe: '60 Hz display frames, +-0.3-1 ms jitter, occasional dropped frames',
    draw: (rng) => grid(rng, 'frame60', 1000 / 60, rng.range(0.3, 1), rng.pick([0, 0.005, 0.01, 0.03])),
  },
  hz125: {
    describe: '125 Hz USB mouse polling (8 ms)',
    draw: (rng) => grid(rng, 'hz125', 8, rng.range(0.05, 0.4), 0),
  },
  hz144: {
    describe: '144 Hz display frames',
    draw: (rng) => grid(rng, 'hz144', 1000 / 144, rng.range(0.1, 0.5), rng.pick([0, 0.01])),
  },
  fixed: {
    describe: 'a fixed interval drawn per session (5-50 ms), each wait a little late',
    draw(rng) {
      const interval = rng.range(5, 50)
      const late = rng.pick([0, 0.2, 1])
      return timer('fixed', () => interval + rng.range(0, late), interval)
    },
  },
  lognormal: {
    describe: 'irregular log-normal intervals (median 8-30 ms)',
    draw(rng) {
      const median = rng.range(8, 30)
      const sigma = rng.range(0.3, 0.9)
      return timer('lognormal', () => logNormal(rng, median, sigma), median)
    },
  },
  steps: {
    describe: 'N steps per movement (5-100) at a fixed small interval (1-20 ms)',
    draw(rng) {
      const interval = rng.range(1, 20)
      return stepped('steps', rng.int(5, 100), () => interval + rng.range(0, 0.3), interval)
    },
  },
  spread: {
    describe: 'N steps per movement (15-60) spread evenly over its duration',
    draw(rng) {
      const steps = rng.int(15, 60)
      return stepped('spread', steps, (d) => Math.max(0.1, d / steps + rng.range(-1, 1)), 16)
    },
  },
  burst: {
    describe: 'N steps (5-100) all within a few ms, as DevTools mouse.move(steps) sends them',
    draw(rng) {
      const steps = rng.int(5, 100)
      const gap = rng.range(0.5, 4) / steps
      return stepped('burst', steps, () => gap * rng.range(0.5, 1.5), gap)
    },
  },
  ostimer: {
    describe: 'OS timer ticks (10-16 ms): a script sleeping in a loop wakes on the next tick',
    draw: (rng) => grid(rng, 'ostimer', rng.pick([10, 15.625, 16, rng.range(10, 16)]), rng.range(0, 0.5), 0),
  },
} as const satisfies Record<string, ClockKind>

export type ClockName = keyof typeof CLOCKS
export const CLOCK_NAMES = Object.keys(CLOCKS) as ClockName[]

/** A clock for one session, drawn from `names` (a name listed twice is drawn twice as often). */
export function drawClock(rng: Rng, names: readonly ClockName[] = CLOCK_NAMES): Clock {
  return CLOCKS[rng.pick(names)].draw(rng)
}

/** The timed moves of a movement along `at` that starts at `start` and lasts `duration` ms. */
export function sampleMovement(clock: Clock, at: Path, start: number, duration: number) {
  return clock.sample(start, duration).map(({ t, u }) => {
    const [x, y] = at(u)
    return { t, x, y }
  })
}
