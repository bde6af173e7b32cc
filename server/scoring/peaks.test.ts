import { describe, expect, it } from 'vitest'
import { speedPeaks } from './peaks.ts'

const peaksOf = (values: number[]) =>
  speedPeaks(Float64Array.from(values), values.length, Math.max(...values))

describe('speedPeaks', () => {
  it('counts one clean sweep as one peak', () => {
    expect(peaksOf([0, 2, 5, 9, 10, 8, 4, 1, 0])).toBe(1)
  })

  it('counts a corrective sub-movement as another', () => {
    expect(peaksOf([0, 5, 10, 6, 2, 1, 4, 6, 3, 0])).toBe(2)
  })

  it('ignores a ripple under a fifth of the top speed', () => {
    expect(peaksOf([0, 5, 10, 9, 8.5, 9.5, 9, 4, 0])).toBe(1)
  })
})
