import { describe, expect, it } from 'vitest'
import { median, medianInPlace, medianOfRange, rootMedianInPlace, select } from './select.ts'

/** The median by sorting: the definition the selections must meet exactly. */
function sortedMedian(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

let seed = 7
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647

/** Lists like the ones medians are taken of: whole ms with pauses, fractions, a few of each length. */
const lists = (make: (i: number) => number) =>
  [1, 2, 3, 4, 5, 8, 9, 40, 41, 333, 1000].map((n) => Array.from({ length: n }, (_, i) => make(i)))

describe('medians by selection and by counting', () => {
  it('give what sorting gives, for whole ms, long pauses, fractions and negatives alike', () => {
    const kinds = [
      () => Math.floor(random() * 40), // intervals at display rate
      () => (random() < 0.2 ? 1000 + Math.floor(random() * 5000) : 16 + Math.floor(random() * 3)), // pauses
      () => (random() < 0.7 ? 5000 : Math.floor(random() * 10)), // the middle among the large values
      () => random() * 30, // fractions
      () => Math.floor(random() * 20) - 10, // negatives
      () => 1023 + Math.floor(random() * 3), // either side of the counted range
    ]
    for (const kind of kinds)
      for (const list of lists(kind)) {
        expect(medianInPlace(Float64Array.from(list), list.length)).toBe(sortedMedian(list))
        expect(median(list)).toBe(sortedMedian(list))
      }
  })

  it('of a range give what sorting it gives, and leave the column as it was', () => {
    for (const kind of [() => Math.floor(random() * 40), () => random() * 30])
      for (const list of lists(kind)) {
        const column = Float64Array.from([999.5, ...list, -1])
        const scratch = new Float64Array(list.length)
        expect(medianOfRange(column, 1, list.length + 1, scratch)).toBe(sortedMedian(list))
        expect([...column]).toEqual([999.5, ...list, -1])
      }
    expect(medianOfRange(new Float64Array(3), 2, 2, new Float64Array(0))).toBe(0)
  })

  it('keeps -0 and +0 apart as selection does', () => {
    expect(Object.is(medianInPlace(Float64Array.from([-0, -0, -0]), 3), -0)).toBe(true)
    expect(Object.is(medianInPlace(Float64Array.from([0, 0, 0]), 3), 0)).toBe(true)
  })

  it('reads only the first n values', () => {
    expect(medianInPlace(Float64Array.from([3, 1, 2, 900, 900]), 3)).toBe(2)
  })

  it('gives the median of the roots of squares, and any order statistic, as sorting does', () => {
    for (const list of lists(() => random() * 100)) {
      const roots = list.map(Math.sqrt)
      expect(rootMedianInPlace(Float64Array.from(list), list.length)).toBe(sortedMedian(roots))
      const s = [...list].sort((a, b) => a - b)
      for (const q of [0, 0.1, 0.5, 0.9, 1]) {
        const k = Math.floor(q * (s.length - 1))
        const a = Float64Array.from(list)
        expect(select(a, a.length, k)).toBe(s[k])
        // and a higher one, searched for only among the values that selection left above position k
        const higher = k + 1 + Math.floor(random() * (s.length - k - 1))
        if (higher < s.length) expect(select(a, a.length, higher, k + 1)).toBe(s[higher])
      }
    }
  })
})
