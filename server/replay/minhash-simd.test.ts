import { describe, expect, it } from 'vitest'
import { simdMinHash } from './minhash-simd.ts'

/** fingerprint.ts's plain loop: each row's least fmix((x ^ A) + B), signed */
function plain(mixed: Int32Array, rowA: Int32Array, rowB: Int32Array): Int32Array {
  return rowA.map((a, i) => {
    let min = 0x7fffffff
    for (const x of mixed) {
      let h = ((x ^ a) + rowB[i]!) | 0
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
      h ^= h >>> 16
      if (h < min) min = h
    }
    return min
  })
}

/** a deterministic stream of 32-bit integers */
function stream(seed: number): () => number {
  let s = seed
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39) | 0)
}

describe('MinHash in SIMD lanes', () => {
  const next = stream(0x6a09e667)
  const rowA = Int32Array.from({ length: 160 }, next)
  const rowB = Int32Array.from({ length: 160 }, next)

  it('is there on this Node, so fingerprints take it', () => {
    expect(simdMinHash(rowA, rowB)).not.toBeNull()
  })

  it('gives the plain loop rows on sets of 1 to 20,000 features, growing its memory for the largest', () => {
    const simd = simdMinHash(rowA, rowB)!
    for (const n of [1, 2, 7, 8, 136, 1000, 20_000, 50]) {
      const mixed = Int32Array.from({ length: n }, next)
      expect(simd(mixed)).toEqual(plain(mixed, rowA, rowB))
    }
  })

  it('gives the plain loop rows for any number of rows, four, eight or sixteen to a pass', () => {
    for (const rows of [4, 8, 12, 24, 48]) {
      const a = rowA.subarray(0, rows)
      const b = rowB.subarray(0, rows)
      const mixed = Int32Array.from({ length: 37 }, next)
      expect(simdMinHash(a, b)!(mixed)).toEqual(plain(mixed, a, b))
    }
  })

  it('gives the plain loop rows when every value sits at an edge of the 32-bit range', () => {
    const simd = simdMinHash(rowA, rowB)!
    const edges = Int32Array.from([0, -1, 0x7fffffff, -0x80000000, 1, 0x80000000 | 1])
    expect(simd(edges)).toEqual(plain(edges, rowA, rowB))
  })
})
