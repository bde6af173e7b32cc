import { describe, expect, it } from 'vitest'
import type { MoveSample } from '../../shared/signals.ts'
import { geometry } from './features/geometry.ts'
import { lineMoves, prepared } from './testing.ts'

const measure = (moves: MoveSample[]) => {
  const [arcSharpShare, arcTinyShare, arcFlipRate] = geometry.extract(prepared({ moves }))
  return { arcSharpShare: arcSharpShare!, arcTinyShare: arcTinyShare!, arcFlipRate: arcFlipRate! }
}

/** Points along a path (x, y of u in 0..1), one every `dt` ms over `ms`, not rounded. */
const along = (at: (u: number) => [number, number], ms: number, dt: number): MoveSample[] =>
  Array.from({ length: Math.floor(ms / dt) + 1 }, (_, i) => [i * dt, ...at((i * dt) / ms)] as MoveSample)

/** A quarter circle of radius 400 px: one smooth bend, one way. */
const arc = (u: number): [number, number] => [
  500 + 400 * Math.cos((u * Math.PI) / 2),
  500 + 400 * Math.sin((u * Math.PI) / 2),
]
/** A line with a wobble of +-6 px every 100 px: bends one way, then the other. */
const wobble = (u: number): [number, number] => [
  100 + 600 * u,
  300 + 6 * Math.sin((2 * Math.PI * 600 * u) / 100),
]

describe('path geometry by arc length', () => {
  it('reads a straight line as all tiny turns, none sharp, no flips', () => {
    const g = measure(lineMoves(60, 10))
    expect(g.arcTinyShare).toBeGreaterThan(0.9)
    expect(g.arcSharpShare).toBe(0)
    expect(g.arcFlipRate).toBe(0)
  })

  it('reads a smooth arc as bending one way: turns above tiny, no flips', () => {
    const g = measure(along(arc, 1000, 16))
    expect(g.arcTinyShare).toBeLessThan(0.1)
    expect(g.arcFlipRate).toBe(0)
  })

  it('counts a wobbling path as bending one way then the other, twice per wavelength', () => {
    const g = measure(along(wobble, 1200, 16))
    // two flips per 100 px wave
    expect(g.arcFlipRate).toBeGreaterThan(1.5)
    expect(g.arcFlipRate).toBeLessThan(2.5)
  })

  it('counts a path that doubles back as sharp turns', () => {
    const zigzag: MoveSample[] = Array.from({ length: 40 }, (_, i) => [
      i * 16,
      100 + (i % 2) * 30,
      100 + i * 4,
    ])
    expect(measure(zigzag).arcSharpShare).toBeGreaterThan(0.15)
    expect(measure(along(arc, 1000, 16)).arcSharpShare).toBe(0)
  })

  it('gives the same figures whatever clock sampled the path', () => {
    for (const at of [arc, wobble]) {
      const fast = measure(along(at, 1200, 16))
      const slow = measure(along(at, 1200, 33))
      expect(Math.abs(fast.arcFlipRate - slow.arcFlipRate)).toBeLessThan(0.5)
      expect(Math.abs(fast.arcTinyShare - slow.arcTinyShare)).toBeLessThan(0.1)
    }
  })

  it('is not measured on too little path', () => {
    expect(Object.values(measure(lineMoves(3, 5))).every((v) => Number.isNaN(v))).toBe(true)
  })
})
