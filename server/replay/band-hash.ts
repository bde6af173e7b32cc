/**
 * Band hashes (fingerprint.ts): a band's SHA-256 of its number (decimal) then its rows' bytes, 22
 * characters of base64url. The bands last hashed are remembered, MEMO_SLOTS of them, each under its number
 * and rows (compared whole, so a remembered hash is the one SHA-256 gives): a near duplicate of a recent
 * payload (a client's retry, a replayer's copies) shares most of its bands with it, and a SHA-256 call
 * costs several times a look-up. Direct-mapped (a band takes its slot from whatever was there): about
 * 0.6 MB, whatever the traffic.
 */
import { hash } from 'node:crypto'

const MEMO_SLOTS = 8192

export type BandHasher = (band: number, mins: Int32Array) => string

/** The hasher of bands of `rows` rows each, `mins` holding every band's rows in order. */
export function createBandHasher(bands: number, rows: number): BandHasher {
  const inputs = Array.from({ length: bands }, (_, b) => {
    const label = Buffer.from(String(b))
    const input = new Uint8Array(label.length + rows * 4)
    input.set(label)
    return input
  })
  const width = rows + 1
  /** each slot: the band's number, then its rows */
  const keys = new Int32Array(MEMO_SLOTS * width).fill(-1)
  const hashes: string[] = Array<string>(MEMO_SLOTS).fill('')
  return (band, mins) => {
    const first = band * rows
    let h = band
    for (let r = 0; r < rows; r++) h = Math.imul(h ^ mins[first + r]!, 0x9e3779b1) ^ (h >>> 15)
    const slot = (h ^ (h >>> 13)) & (MEMO_SLOTS - 1)
    const key = slot * width
    let same = keys[key] === band
    for (let r = 0; same && r < rows; r++) same = keys[key + 1 + r] === mins[first + r]
    if (same) return hashes[slot]!
    const input = inputs[band]!
    input.set(new Uint8Array(mins.buffer, mins.byteOffset + first * 4, rows * 4), input.length - rows * 4)
    const value = hash('sha256', input, 'base64url').slice(0, 22)
    keys[key] = band
    keys.set(mins.subarray(first, first + rows), key + 1)
    hashes[slot] = value
    return value
  }
}
