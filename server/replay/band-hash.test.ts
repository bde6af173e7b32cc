import { hash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createBandHasher } from './band-hash.ts'

/** a band's hash as fingerprint.ts defines it */
const direct = (band: number, rows: Int32Array) =>
  hash(
    'sha256',
    Buffer.concat([Buffer.from(String(band)), new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength)]),
    'base64url',
  ).slice(0, 22)

describe('band hashes', () => {
  it('are the SHA-256 of each band, hashed anew or remembered, across far more bands than it keeps', () => {
    const hasher = createBandHasher(32, 5)
    let s = 7
    const next = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39) | 0)
    const payloads = Array.from({ length: 400 }, () => Int32Array.from({ length: 160 }, next))
    // each payload twice (the second time remembered, unless a later band took its slot), then all again
    for (const mins of [...payloads, ...payloads, ...payloads.slice(0, 50)]) {
      for (let b = 0; b < 32; b++) expect(hasher(b, mins)).toBe(direct(b, mins.subarray(b * 5, b * 5 + 5)))
    }
  })

  it('tells apart bands whose rows differ in one bit, or only in their number', () => {
    const hasher = createBandHasher(32, 5)
    const mins = new Int32Array(160)
    const zero = hasher(0, mins)
    expect(hasher(1, new Int32Array(160))).toBe(direct(1, new Int32Array(5)))
    mins[4] = 1
    expect(hasher(0, mins)).toBe(direct(0, mins.subarray(0, 5)))
    expect(hasher(0, mins)).not.toBe(zero)
  })
})
