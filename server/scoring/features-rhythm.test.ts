import { describe, expect, it } from 'vitest'
import type { ButtonSample, KeySample } from '../../shared/signals.ts'
import { rankCorrelation, rhythm, scaleRatio, tickOf } from './features/rhythm.ts'
import { prepared } from './testing.ts'

const named = (values: number[]) => Object.fromEntries(rhythm.names.map((n, i) => [n, values[i]!]))

/** Keys from a list of [class, hold, gap to the next key's down] on a clock of `tick` ms. */
function typed(keys: readonly [KeySample[2], number, number][], tick = 1): KeySample[] {
  const stamp = (t: number) => Math.round(Math.ceil(t / tick - 1e-9) * tick)
  const out: KeySample[] = []
  let t = 0
  for (const [cls, hold, gap] of keys) {
    out.push([stamp(t), 'down', cls], [stamp(t + hold), 'up', cls])
    t += gap
  }
  return out.sort((a, b) => a[0] - b[0])
}

/** A fixed pseudo-random sequence in [0, 1), the same on every run. */
function noise(n: number, seed = 7): number[] {
  let a = seed
  return Array.from({ length: n }, () => {
    a = (a * 16807) % 2147483647
    return a / 2147483647
  })
}

const letters = (holds: readonly number[], gaps: readonly number[]) =>
  gaps.map((gap, i) => ['letter', holds[i % holds.length]!, gap] as [KeySample[2], number, number])

describe('typing rhythm features', () => {
  it('find bursts: fast keys following fast keys and slow following slow, at one and at several keys', () => {
    // runs of 8 keys, alternately brisk (~120 ms) and slow (~300 ms), each key a little different
    const jitter = noise(64)
    const gaps = jitter.map((u, i) => (Math.floor(i / 8) % 2 ? 300 : 120) + 40 * u)
    const f = named(rhythm.extract(prepared({ keys: typed(letters([90, 110, 100], gaps)) })))
    expect(f.gapLag1).toBeGreaterThan(0.5)
    expect(f.scale4).toBeGreaterThan(0.5)
    expect(f.scale8).toBeGreaterThan(0.5)
  })

  it('find the same gaps drawn one by one independent: no dependence at any scale', () => {
    const jitter = noise(64, 11)
    // the same two paces, but which one each key gets is a coin flip
    const gaps = jitter.map((u, i) => (noise(64, 3)[i]! < 0.5 ? 300 : 120) + 40 * u)
    const f = named(rhythm.extract(prepared({ keys: typed(letters([90, 110, 100], gaps)) })))
    expect(Math.abs(f.gapLag1!)).toBeLessThan(0.3)
    expect(f.scale4).toBeLessThan(0.3)
    expect(f.scale8).toBeLessThan(0.3)
  })

  it('find a metronome flat: no spread, no pauses, and no correlation to measure', () => {
    const f = named(rhythm.extract(prepared({ keys: typed(letters([80], Array(30).fill(150))) })))
    expect(f.gapIqr).toBe(0)
    expect(f.pauseShare).toBe(0)
    expect(f.logGap).toBeCloseTo(Math.log(151))
    expect(f.gapLag1).toBeNaN()
    expect(f.holdLag1).toBeNaN()
    expect(f.holdGapRatio).toBeCloseTo(Math.log(81 / 151))
  })

  it('count pauses of more than 2.5 median gaps, and leave breaks of 3 s out of the rhythm', () => {
    const gaps = Array.from({ length: 21 }, (_, i) => (i === 10 ? 5000 : i % 5 === 4 ? 800 : 150 + i))
    const f = named(rhythm.extract(prepared({ keys: typed(letters([90], gaps)) })))
    // 4 gaps of 800 ms and the 5 s break among 20 gaps
    expect(f.pauseShare).toBeCloseTo(5 / 20)
    expect(f.logGap).toBeLessThan(Math.log(200))
  })

  it('tie a long hold to a long flight after it, as a hand does, and see none when they are drawn apart', () => {
    const u = noise(40, 5)
    const holds = u.map((v) => 60 + 100 * v)
    const together = u.map((v, i) => holds[i]! + 80 + 200 * v)
    const apart = u.map((_, i) => holds[i]! + 80 + 200 * noise(40, 9)[i]!)
    const keys = (gaps: number[]) => typed(gaps.map((g, i) => ['letter', holds[i]!, g]))
    expect(named(rhythm.extract(prepared({ keys: keys(together) }))).holdFlightCorr).toBeGreaterThan(0.9)
    expect(Math.abs(named(rhythm.extract(prepared({ keys: keys(apart) }))).holdFlightCorr!)).toBeLessThan(0.4)
  })

  it('find longer gaps and holds at word boundaries than inside words', () => {
    const keys: [KeySample[2], number, number][] = []
    for (let w = 0; w < 8; w++) {
      for (let k = 0; k < 4; k++) keys.push(['letter', 85 + k, k === 3 ? 190 + w : 130 + 3 * k])
      keys.push(['space', 120 + w, 260 + 5 * w])
    }
    const f = named(rhythm.extract(prepared({ keys: typed(keys) })))
    expect(f.boundaryGapRatio).toBeGreaterThan(0.3)
    expect(f.boundaryHoldRatio).toBeGreaterThan(0.2)
    // a number typed on a keypad has no boundaries inside it: not measured, not 0
    const digits = typed(Array.from({ length: 10 }, (_, i) => ['digit', 80 + i, 200 + 7 * i]))
    expect(named(rhythm.extract(prepared({ keys: digits }))).boundaryGapRatio).toBeNaN()
  })

  it('do not read a coarse clock as a fixed rhythm: ties on a 15.6 ms tick leave correlations unmeasured', () => {
    // a person's holds of 64-76 ms on a 15.6 ms timer land on two or three ticks
    const u = noise(30, 13)
    const keys = typed(
      u.map((v, i) => ['digit', 64 + 12 * v, 180 + 150 * noise(30, 17)[i]!]),
      15.625,
    )
    const f = named(rhythm.extract(prepared({ keys })))
    expect(f.holdLag1).toBeNaN()
    // the gaps, hundreds of ms, still vary over many ticks
    expect(f.gapLag1).not.toBeNaN()
    expect(f.gapIqr).toBeGreaterThan(0.1)
  })

  it('leave holds unmeasured on an on-screen keyboard touched by a finger, and judge the gaps', () => {
    const gaps = noise(20, 21).map((v) => 150 + 300 * v)
    const keys = typed(gaps.map((g, i) => ['letter', i % 2, g]))
    const tap: ButtonSample[] = [[-500, 'down', 200, 300, 'touch']]
    const f = named(rhythm.extract(prepared({ keys, buttons: tap })))
    expect(f.holdLag1).toBeNaN()
    expect(f.holdFlightCorr).toBeNaN()
    expect(f.holdGapRatio).toBeNaN()
    expect(f.boundaryHoldRatio).toBeNaN()
    expect(f.gapIqr).toBeGreaterThan(0.2)
    // without the finger, the same keys' zero holds are measured (a script's)
    expect(named(rhythm.extract(prepared({ keys }))).holdGapRatio).toBeLessThan(-4)
  })

  it('leave modifiers and auto-repeat out of the rhythm', () => {
    const base = typed(letters([90], Array(12).fill(200)))
    // shift held over two keys, and a key repeating while held
    const extra: KeySample[] = [
      [190, 'down', 'modifier'],
      [420, 'up', 'modifier'],
      [1000, 'down', 'letter'],
    ]
    const f = named(rhythm.extract(prepared({ keys: [...base, ...extra].sort((a, b) => a[0] - b[0]) })))
    expect(f.logGap).toBeCloseTo(Math.log(201))
  })
})

describe('rank correlation and rhythm scale', () => {
  it('rank-correlate monotone relations fully, and need enough distinct values', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    expect(
      rankCorrelation(
        x,
        x.map((v) => v ** 3),
      ),
    ).toBeCloseTo(1)
    expect(
      rankCorrelation(
        x,
        x.map((v) => -v),
      ),
    ).toBeCloseTo(-1)
    expect(rankCorrelation(x, [1, 1, 1, 2, 2, 2, 3, 3, 3])).toBeNaN()
    expect(rankCorrelation(x.slice(0, 5), x.slice(0, 5))).toBeNaN()
  })

  it('give about 0 for independent values and more for runs, and need three windows of values', () => {
    const independent = noise(400, 29)
    expect(Math.abs(scaleRatio(independent, 4))).toBeLessThan(0.2)
    const runs = independent.map((v, i) => v + (Math.floor(i / 10) % 2))
    expect(scaleRatio(runs, 4)).toBeGreaterThan(0.5)
    expect(scaleRatio(independent.slice(0, 11), 4)).toBeNaN()
  })
})

describe('key clock', () => {
  it('is read from the intervals between key events: 15.6 ms ticks (in whole ms), 8 or 4 ms, else 1', () => {
    const stamped = (tick: number) =>
      noise(30, 31).map((v, i) => Math.round(Math.ceil((i * 157 + 90 * v) / tick) * tick))
    expect(tickOf(stamped(15.625))).toBe(15.625)
    expect(tickOf(stamped(8))).toBe(8)
    expect(tickOf(stamped(4))).toBe(4)
    expect(tickOf(stamped(1))).toBe(1)
    // too few intervals to tell
    expect(tickOf(stamped(8).slice(0, 6))).toBe(1)
  })
})
