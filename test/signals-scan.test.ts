/**
 * The fast reader of the snippet's own text (shared/scan.ts) must change nothing: it reads what JSON.parse
 * reads, gives up on anything else, and decodeSignals answers the same whichever path read the text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanCanonical } from '../shared/scan.ts'
import { decodeSignals, MAX_STREAM_VALUE, STREAMS } from '../shared/signals.ts'
import { genuinePayload } from './helpers/hostile.ts'

const RUNS = Number(process.env.HUMA_FUZZ_RUNS ?? 2000)

/** Stream numbers of 32 bits, the fast reader's range, and beyond it. */
const int32 = fc.oneof(
  fc.integer({ min: -300, max: 300 }),
  fc.constantFrom(0, 1, MAX_STREAM_VALUE, -MAX_STREAM_VALUE),
  fc.integer({ min: -MAX_STREAM_VALUE, max: MAX_STREAM_VALUE }),
)
const anyNumber = fc.oneof(int32, fc.constantFrom(MAX_STREAM_VALUE + 1, -MAX_STREAM_VALUE - 1, 9_999_999_999))

/** Proofs of work as the snippet appends them: a challenge of the server's characters, a count. */
const snippetProof = fc.record({
  c: fc.stringMatching(/^[A-Za-z0-9._-]{0,140}$/),
  n: fc.oneof(fc.nat(), fc.constantFrom(0, 999_999_999_999_999), fc.integer({ min: -5, max: 5 })),
})
/** And any proof-shaped value: escapes, control characters, huge or fractional counts. */
const anyProof = fc.oneof(
  snippetProof,
  fc.record({
    c: fc.string({ maxLength: 140 }),
    n: fc.oneof(fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21)),
  }),
)

/** Wire texts as the snippet writes them: mostly valid, sometimes out of range or of unknown kinds. */
const wire = (number: fc.Arbitrary<number>, proofs = snippetProof) =>
  fc
    .record({
      v: fc.constantFrom(1, 1, 1, 2),
      c: fc.record({
        w: fc.nat(100_001),
        h: fc.nat(100_001),
        a: fc.nat(256),
        u: fc.nat(),
        n: fc.nat(),
        d: fc.oneof(fc.nat(), fc.constant(-1)),
      }),
      streams: fc.subarray(Object.keys(STREAMS)),
      values: fc.array(number, { maxLength: 60 }),
      proof: fc.option(proofs),
      proofFirst: fc.boolean(),
    })
    .map(({ v, c, streams, values, proof, proofFirst }) => {
      const out: Record<string, unknown> = { v, c }
      if (proof && proofFirst) out.p = proof
      for (const [k, name] of streams.entries()) {
        const arity = STREAMS[name as keyof typeof STREAMS].arity
        const length = values.length - ((values.length + k) % arity) // mostly whole records
        out[name] = values.slice(0, length).map((x, i) => (i % arity === 0 ? Math.abs(x) : x))
      }
      if (proof && !proofFirst) out.p = proof // where the snippet puts it
      return JSON.stringify(out)
    })

/** The same text as JSON, but not as the snippet writes it: the fast reader must leave it alone. */
const respaced = (text: string, at: number) => text.slice(0, at) + ' ' + text.slice(at)

describe('reading the snippet text without JSON.parse', () => {
  it('reads a genuine payload as JSON.parse does', () => {
    const text = genuinePayload()
    expect(scanCanonical(text)).toEqual(JSON.parse(text))
  })

  it('reads any payload written as the snippet writes it as JSON.parse does', () => {
    fc.assert(
      fc.property(wire(int32), (text) => {
        expect(scanCanonical(text)).toEqual(JSON.parse(text))
      }),
      { numRuns: RUNS },
    )
  })

  it('leaves spaced, reordered, duplicated, unusual numbers or other characters to JSON.parse', () => {
    const text = genuinePayload()
    for (let at = 0; at <= text.length; at++) expect(scanCanonical(respaced(text, at))).toBeNull()
    const variants = [
      text.replace('"m":[', '"m":[-0,0,0,'),
      text.replace('"m":[', '"m":[01,0,0,'),
      text.replace('"m":[', '"m":[1.0,0,0,'),
      text.replace('"m":[', '"m":[1e3,0,0,'),
      text.replace('"m":[', '"m":[12345678901,0,0,'),
      text.replace('"m":[', '"m":[2147483648,0,0,'),
      text.replace('"v":1', '"v":1.5'),
      text.replace('"c":{"w"', '"c":{"x":1,"w"'),
      text.replace(/}$/, ',"m":[]}'),
      text.replace(/}$/, ',"q":[]}'),
      text.replace('{"v":1,', '{"v":1,"v":1,'),
      text.replace('"m":[', '"m":[\u00e9'),
      text.replace('"m":[', '"m":[\u{1f5b1}'),
      text.replace(/}$/, ',"p":{"c":"a\\"b","n":1}}'),
      text.replace(/}$/, ',"p":{"c":"a\\u0041","n":1}}'),
      text.replace(/}$/, ',"p":{"c":"a","n":1234567890123456}}'),
      text.replace(/}$/, ',"p":{"n":1,"c":"a"}}'),
      text.replace(/}$/, ',"p":{"c":"a","n":1,"x":2}}'),
      text.replace(/}$/, ',"p":{"c":"a","n":1},"p":{"c":"a","n":1}}'),
      text + ' ',
    ]
    for (const v of variants) {
      expect(v).not.toBe(text)
      expect(scanCanonical(v)).toBeNull()
    }
  })

  it('decodes a payload, or refuses it with the same message, whichever way it was read', () => {
    fc.assert(
      fc.property(wire(anyNumber, anyProof), (text) => {
        expect(decodeSignals(text)).toEqual(decodeSignals(respaced(text, 1)))
      }),
      { numRuns: RUNS },
    )
  })
})
