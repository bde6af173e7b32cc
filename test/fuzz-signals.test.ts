/**
 * Property-based tests of the signals decoder, alone and through POST /api/v1/verify: whatever a
 * browser (or a bot pretending to be one) puts in `signals`, the answer is a clear refusal or a
 * well-formed verdict, never a throw, a 5xx or a pathologically slow path.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { score } from '../server/scoring/index.ts'
import {
  decodeSignals,
  MAX_SIGNALS_LENGTH,
  MAX_STREAM_VALUE,
  STREAMS,
  type Signals,
} from '../shared/signals.ts'
import {
  expectKnownOutcome,
  expectNoPollution,
  fuzzTarget,
  genuinePayload,
  interleavedMedians,
  nastyJson,
} from './helpers/hostile.ts'

const RUNS = Number(process.env.HUMA_FUZZ_RUNS ?? 2000)
const fuzz = fuzzTarget('fuzz-signals')
const counted = fuzz.counted

const genuine = genuinePayload()
const genuineWire = JSON.parse(genuine) as Record<string, unknown>

/** The decoder's verdict, checked for shape: a non-empty message, or signals made only of finite numbers. */
function decodeChecked(encoded: string) {
  const result = decodeSignals(encoded)
  if (result.ok) expectFinite(result.signals)
  else expect(result.message.length).toBeGreaterThan(0)
  return result
}

function expectFinite(signals: Signals): void {
  const { context, proof, ...streams } = signals
  for (const value of Object.values(context)) expect(Number.isFinite(value)).toBe(true)
  if (proof) expect(Number.isSafeInteger(proof.n)).toBe(true)
  for (const records of Object.values(streams)) {
    for (const record of records) {
      for (const field of record) if (typeof field === 'number') expect(Number.isFinite(field)).toBe(true)
    }
  }
}

/** Sends the payload through the route: the route agrees with the decoder and never fails. */
async function throughRoute(encoded: string, name: string) {
  const res = await fuzz.t.verify(fuzz.key, { userId: fuzz.user(), signals: encoded })
  const status = await expectKnownOutcome(res.clone())
  const decoded = decodeSignals(encoded)
  // an empty string is no signals (a form whose snippet never ran): scored as NO_SIGNALS, not refused
  if (encoded === '')
    expect(((await res.clone().json()) as { reasons: string[] }).reasons).toEqual(['NO_SIGNALS'])
  else if (encoded.length <= MAX_SIGNALS_LENGTH && !decoded.ok) {
    expect(status).toBe(400)
    expect(await res.json()).toEqual({ error: 'INVALID_REQUEST', message: decoded.message })
  }
  counted.add(`${name} (route)`)
  return status
}

describe('decodeSignals under hostile input', () => {
  it('never throws on arbitrary strings and explains every refusal', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.json({ maxDepth: 4 })), (s) => {
        decodeChecked(s)
        counted.add('arbitrary strings')
      }),
      { numRuns: RUNS },
    )
  })

  it('never throws on adversarial JSON and leaves Object.prototype alone', () => {
    fc.assert(
      fc.property(nastyJson, (value) => {
        decodeChecked(JSON.stringify(value) ?? 'null')
        expectNoPollution()
        counted.add('adversarial JSON')
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses or cleanly decodes a genuine payload with one field made hostile', () => {
    const fields = [
      'v',
      'c',
      'm',
      'b',
      'k',
      's',
      'e',
      'c.w',
      'c.h',
      'c.a',
      'c.u',
      'c.n',
      'c.d',
      'm.0',
      'm.1',
      'k.2',
      'b.1',
      'b.4',
      'e.1',
    ]
    fc.assert(
      fc.property(fc.constantFrom(...fields), nastyJson, (path, value) => {
        const wire = structuredClone(genuineWire)
        const [head, tail] = path.split('.') as [string, string | undefined]
        if (tail === undefined) wire[head] = value
        else (wire[head] as Record<string, unknown>)[tail] = value
        decodeChecked(JSON.stringify(wire))
        counted.add('one hostile field')
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses every truncated prefix of a genuine payload', () => {
    expect(decodeSignals(genuine).ok).toBe(true)
    for (let end = 0; end < genuine.length; end++) {
      const result = decodeChecked(genuine.slice(0, end))
      expect(result.ok).toBe(false)
      counted.add('truncated prefixes')
    }
  })

  it('accepts version 1 only, and says so', () => {
    fc.assert(
      fc.property(
        nastyJson.filter((v) => v !== 1),
        (v) => {
          const result = decodeSignals(JSON.stringify({ ...genuineWire, v }))
          expect(result).toEqual({ ok: false, message: 'signals.v must be 1' })
          counted.add('wrong versions')
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    )
  })

  it('decodes schema-valid payloads with extreme values into finite signals and a score in [0, 1]', () => {
    fc.assert(
      fc.property(extremeWire(), (wire) => {
        const result = decodeChecked(JSON.stringify(wire))
        expect(result.ok).toBe(true)
        if (!result.ok) return
        const { confidence, reasons } = score(result.signals)
        expect(confidence).toBeGreaterThanOrEqual(0)
        expect(confidence).toBeLessThanOrEqual(1)
        expect(reasons.length).toBeGreaterThan(0)
        counted.add('extreme valid payloads')
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    )
  })

  it('takes no pathological time on the largest adversarial strings (vs the largest genuine payload)', async () => {
    const size = MAX_SIGNALS_LENGTH
    const benign = largestGenuine()
    expect(decodeSignals(benign).ok).toBe(true)
    const hostile = {
      'deep nesting': '['.repeat(size / 2) + ']'.repeat(size / 2),
      'deep objects': '{"a":'.repeat(size / 6) + '1' + '}'.repeat(size / 6),
      'one huge stream': `{"v":1,"c":${JSON.stringify(genuineWire.c)},"m":[${'0,'.repeat(size / 2 - 40)}0]}`,
      'max records everywhere': JSON.stringify(maxRecordsWire()).slice(0, size),
      'escape storm': `{"v":1,"x":"${'\\u0000'.repeat(size / 6 - 4)}"}`,
      'many keys': `{${Array.from({ length: size / 12 }, (_, i) => `"k${i}":0`).join(',')}}`.slice(0, size),
    }
    for (const [name, input] of Object.entries(hostile)) {
      expect(input.length).toBeLessThanOrEqual(size)
      const ms = await interleavedMedians(
        21,
        async () => decodeSignals(benign),
        async () => decodeSignals(input),
      )
      console.log(
        `decodeSignals ${name}: ${ms.task.toFixed(3)} ms vs largest genuine ${ms.base.toFixed(3)} ms`,
      )
      expect(ms.task).toBeLessThan(ms.base * 50)
      counted.add('timed worst cases')
    }
  })
})

describe('signals through POST /api/v1/verify', () => {
  it('answer 400 INVALID_REQUEST with the decoder message, or 200, for adversarial payloads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nastyJson.map((v) => JSON.stringify(v) ?? 'null'),
          fc.nat(genuine.length - 1).map((end) => genuine.slice(0, end)),
          extremeWire().map((w) => JSON.stringify(w)),
          fc.string({ unit: 'binary', maxLength: 200 }),
        ),
        async (encoded) => {
          await throughRoute(encoded, 'hostile signals')
          expectNoPollution()
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    )
  })

  it('score the largest and most degenerate valid payloads in bounded time (vs a tiny body)', async () => {
    const tiny = async () => fuzz.t.verify(fuzz.key, { userId: fuzz.user() })
    const payloads = {
      'largest genuine': largestGenuine(),
      'all zero': degenerateWire(0),
      'all one': degenerateWire(1),
    }
    for (const [name, encoded] of Object.entries(payloads)) {
      expect(encoded.length).toBeLessThanOrEqual(MAX_SIGNALS_LENGTH)
      expect(await throughRoute(encoded, 'timed worst cases')).toBe(200)
      const heavy = async () => fuzz.t.verify(fuzz.key, { userId: fuzz.user(), signals: encoded })
      const ms = await interleavedMedians(15, tiny, heavy)
      console.log(`verify scoring ${name}: ${ms.task.toFixed(2)} ms vs tiny ${ms.base.toFixed(2)} ms`)
      expect(ms.task).toBeLessThan(ms.base * 50)
    }
  })
})

/** Every stream at its record cap, every number `value`: zero time deltas, no motion, all within 32 KB. */
function degenerateWire(value: number): string {
  const fill = (arity: number, maxRecords: number) =>
    Array.from({ length: arity * maxRecords }, (_, i) =>
      i % arity === 0 || value === 0 ? value : Math.min(value, 1),
    )
  const wire = {
    v: 1,
    c: { w: 0, h: 0, a: 0, u: 0, n: 0, d: 0 },
    ...Object.fromEntries(Object.entries(STREAMS).map(([n, s]) => [n, fill(s.arity, s.maxRecords)])),
  }
  return JSON.stringify(wire)
}

/** A payload valid by the schema, with every number drawn from the extremes it allows. */
function extremeWire() {
  const big = fc.oneof(
    fc.constantFrom(0, 1, MAX_STREAM_VALUE, -MAX_STREAM_VALUE),
    fc.integer({ min: -MAX_STREAM_VALUE, max: MAX_STREAM_VALUE }),
  )
  const time = fc.oneof(fc.constantFrom(0, MAX_STREAM_VALUE), fc.nat(MAX_STREAM_VALUE))
  const stream = (arity: number, maxRecords: number, enums: Record<number, number>) =>
    fc
      .array(
        fc.tuple(
          ...Array.from({ length: arity }, (_, i) =>
            i === 0 ? time : enums[i] !== undefined ? fc.nat(enums[i]! - 1) : big,
          ),
        ),
        { maxLength: maxRecords },
      )
      .map((records) => records.flat())
  const count = fc.oneof(fc.constantFrom(0, MAX_STREAM_VALUE), fc.nat(MAX_STREAM_VALUE))
  return fc.record({
    v: fc.constant(1),
    c: fc.record({ w: fc.nat(100_000), h: fc.nat(100_000), a: fc.nat(255), u: count, n: count, d: count }),
    m: stream(3, 200, {}),
    b: stream(5, 60, { 1: 3, 4: 3 }),
    k: stream(3, 100, { 1: 2, 2: 8 }),
    s: stream(4, 60, { 1: 2, 3: 3 }),
    e: stream(2, 30, { 1: 6 }),
  })
}

/** Every stream at its record cap with the largest allowed values. */
function maxRecordsWire() {
  const fill = (arity: number, maxRecords: number) =>
    Array.from({ length: arity * maxRecords }, (_, i) =>
      i % arity === 0 ? MAX_STREAM_VALUE : i % arity === 1 ? 1 : -MAX_STREAM_VALUE,
    )
  return {
    v: 1,
    c: { w: 100_000, h: 100_000, a: 255, u: MAX_STREAM_VALUE, n: MAX_STREAM_VALUE, d: MAX_STREAM_VALUE },
    ...Object.fromEntries(Object.entries(STREAMS).map(([name, s]) => [name, fill(s.arity, s.maxRecords)])),
  }
}

/** The genuine session with its pointer path repeated up to the record cap: a legitimate worst case. */
function largestGenuine(): string {
  const moves = genuineWire.m as number[]
  const m = Array.from({ length: STREAMS.m.arity * STREAMS.m.maxRecords }, (_, i) => moves[i % moves.length]!)
  return JSON.stringify({ ...genuineWire, m })
}
