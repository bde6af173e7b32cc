import { describe, expect, it } from 'vitest'
import type { MoveSample } from '../../shared/signals.ts'
import { scatter } from './features/scatter.ts'
import { segments } from './features/segments.ts'
import { prepared, reachMoves } from './testing.ts'

const named = (moves: MoveSample[]) =>
  Object.fromEntries(scatter.names.map((n, i) => [n, scatter.extract(prepared({ moves }))[i]!]))

const DISTANCES = [60, 120, 240, 480, 90, 360, 150, 600]

/** Reaches of DISTANCES, 1.5 s apart, each taking `frames(d, k)` display frames. */
function reaches(frames: (d: number, k: number) => number): MoveSample[] {
  return DISTANCES.flatMap((d, k) => reachMoves(frames(d, k), 100, 100 + d, 1500 * k))
}

/** A reach then, without a pause, a short correction: one movement with two speed peaks. */
function corrected(t0: number): MoveSample[] {
  const first = reachMoves(24, 100, 600, t0)
  return [...first, ...reachMoves(12, 600, 680, first.at(-1)![0] + 17).slice(1)]
}

describe('how movements scatter', () => {
  it("finds durations on a law of distance tight, and a person's varying durations scattered", () => {
    const law = (d: number) => Math.round(8 + 6 * Math.log2(d / 20 + 1))
    const factors = [0.6, 1.5, 1, 0.7, 1.4, 0.8, 1.6, 1.1]
    const tight = named(reaches(law)).fittsScatter!
    const loose = named(reaches((d, k) => Math.round(law(d) * factors[k]!))).fittsScatter!
    expect(tight).toBeLessThan(0.05)
    expect(loose).toBeGreaterThan(0.2)
  })

  it('finds every movement with one speed peak alike, and a mix of one and two peaks spread', () => {
    expect(named(reaches(() => 30)).subMovementSpread).toBe(0)
    const mixed = [0, 1, 2, 3, 4, 5].flatMap((k) =>
      k % 2 ? corrected(1500 * k) : reachMoves(30, 100, 600, 1500 * k),
    )
    expect(named(mixed).subMovementSpread).toBeCloseTo(0.5, 5)
  })

  it('measures nothing on fewer than four movements', () => {
    const three = [0, 1, 2].flatMap((k) => reachMoves(30, 100, 600, 1500 * k))
    expect(scatter.extract(prepared({ moves: three })).every(Number.isNaN)).toBe(true)
  })

  it('reads the movements of the trace it is given, not those segments cut from the one before', () => {
    const few = prepared({ moves: [0, 1, 2].flatMap((k) => reachMoves(30, 100, 600, 1500 * k)) })
    const many = prepared({ moves: reaches(() => 30) })
    segments.extract(many)
    expect(scatter.extract(few).every(Number.isNaN)).toBe(true)
    segments.extract(few)
    const [fitts, spread] = scatter.extract(many)
    expect(fitts).toBeLessThan(0.01)
    expect(spread).toBe(0)
  })
})
