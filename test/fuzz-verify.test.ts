/**
 * Property-based tests of POST /api/v1/verify with a valid key: whatever body arrives, the answer is
 * a 4xx with a published code and a message (or a well-formed 200), never a 5xx, never a crash, never
 * a pathologically slow path, and Object.prototype stays untouched.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../shared/api.ts'
import {
  expectKnownOutcome,
  expectNoPollution,
  fuzzTarget,
  genuinePayload,
  interleavedMedians,
  nastyJson,
  nastyString,
  pollutingBodies,
} from './helpers/hostile.ts'

const RUNS = Number(process.env.HUMA_FUZZ_RUNS ?? 1500)
const fuzz = fuzzTarget('fuzz-verify')
const counted = fuzz.counted

function post(body: BodyInit, contentType: string | null = 'application/json') {
  return fuzz.t.request('/api/v1/verify', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${fuzz.key}`,
      ...(contentType === null ? {} : { 'Content-Type': contentType }),
    },
    body,
  })
}

async function expectRefusal(res: Response, name: string, status = 400) {
  expect(await expectKnownOutcome(res), name).toBe(status)
  counted.add(name)
}

const user = fuzz.user
const genuine = genuinePayload()

describe('POST /api/v1/verify under hostile bodies', () => {
  it('answers any JSON value with 400 INVALID_REQUEST or a well-formed 200', async () => {
    await fc.assert(
      fc.asyncProperty(nastyJson, async (value) => {
        const res = await post(JSON.stringify(value) ?? 'null')
        await expectKnownOutcome(res)
        expectNoPollution()
        counted.add('any JSON value')
      }),
      { numRuns: RUNS },
    )
  })

  it('answers a valid body with one hostile field with 400 INVALID_REQUEST or a well-formed 200', async () => {
    const hostile = fc.oneof(nastyJson, nastyString, fc.string({ maxLength: 300 }))
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('userId', 'signals', 'action', 'extra'),
        hostile,
        async (field, value) => {
          const body: Record<string, unknown> = {
            userId: user(),
            signals: genuine,
            action: 'signup',
            [field]: value,
          }
          const status = await expectKnownOutcome(await post(JSON.stringify(body)))
          if (field !== 'extra' && typeof value !== 'string') expect(status).toBe(400)
          counted.add('one hostile field')
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('answers raw bytes, invalid UTF-8 included, without a 5xx', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      // a valid body with invalid UTF-8 spliced into the userId
      fc
        .uint8Array({ minLength: 1, maxLength: 8 })
        .map((junk) =>
          Buffer.concat([
            Buffer.from('{"userId":"u'),
            Buffer.from(junk.map((b) => b | 0x80)),
            Buffer.from('"}'),
          ]),
        ),
    )
    await fc.assert(
      fc.asyncProperty(bytes, async (body) => {
        await expectKnownOutcome(await post(new Uint8Array(body)))
        counted.add('raw bytes')
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses every truncated prefix of a valid body', async () => {
    const full = JSON.stringify({ userId: 'truncated', signals: genuine, action: 'login' })
    for (let end = 0; end < full.length; end += 3)
      await expectRefusal(await post(full.slice(0, end)), 'truncated bodies')
  })

  it('ignores __proto__, constructor and prototype keys without polluting anything', async () => {
    for (const body of pollutingBodies) {
      await expectKnownOutcome(await post(body))
      expectNoPollution()
      counted.add('prototype keys')
    }
  })

  it.each([
    ['no content type', null],
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart without a boundary', 'multipart/form-data'],
    ['JSON in UTF-16', 'application/json; charset=utf-16'],
    ['a made-up type', 'application/x-huma; v=99'],
  ])('answers a body sent as %s by what it holds, never a 5xx', async (_what, type) => {
    const ok = await post(JSON.stringify({ userId: user() }), type)
    expect(await expectKnownOutcome(ok)).toBe(200)
    await expectRefusal(await post('userId=u&signals=x', type), 'odd content types')
    counted.add('odd content types')
  })

  it('refuses bodies at the size limit that are deep, wide or numeric (a valid one with many keys passes)', async () => {
    for (const [name, body] of Object.entries(largeBodies())) {
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES)
      await expectRefusal(await post(body), `large bodies: ${name}`, name === 'many keys' ? 200 : 400)
    }
  })

  it('answers 413 PAYLOAD_TOO_LARGE one byte past the limit', async () => {
    const body = JSON.stringify({ userId: 'u', pad: '' })
    const res = await post(
      body.replace('"pad":""', `"pad":"${'x'.repeat(MAX_BODY_BYTES + 1 - body.length)}"`),
    )
    expect(await expectKnownOutcome(res)).toBe(413)
    counted.add('oversized')
  })

  it('takes no pathological time on a 64 KB adversarial body (vs a tiny valid one)', async () => {
    const tiny = async () => post(JSON.stringify({ userId: user() }))
    for (const [name, body] of Object.entries(largeBodies())) {
      const ms = await interleavedMedians(15, tiny, async () => post(body))
      console.log(`verify with ${name}: ${ms.task.toFixed(2)} ms vs tiny ${ms.base.toFixed(2)} ms`)
      expect(ms.task).toBeLessThan(ms.base * 50)
      counted.add('timed worst cases')
    }
  })
})

/** Bodies of up to 64 KB built to hurt a parser or validator. */
function largeBodies(): Record<string, string> {
  const half = MAX_BODY_BYTES / 2
  const wrap = (prefix: string, suffix: string, fill: (room: number) => string) =>
    prefix + fill(MAX_BODY_BYTES - prefix.length - suffix.length) + suffix
  return {
    'nested arrays': '['.repeat(half) + ']'.repeat(half),
    'nested objects in userId': wrap(
      '{"userId":',
      '}',
      (room) => '{"a":'.repeat(Math.floor((room - 1) / 6)) + '1' + '}'.repeat(Math.floor((room - 1) / 6)),
    ),
    'a huge array of numbers': wrap(
      '{"userId":[',
      ']}',
      (room) => '1,'.repeat(Math.floor(room / 2) - 1) + '1',
    ),
    'many keys': wrap('{', '"userId":"u"}', (room) =>
      Array.from({ length: Math.floor(room / 12) }, (_, i) => `"k${String(i).padStart(5, '0')}":0,`).join(''),
    ),
    'an escape storm in userId': wrap('{"userId":"', '"}', (room) => '\\u0000'.repeat(Math.floor(room / 6))),
    'a long action': wrap('{"userId":"u","action":"', '"}', (room) => 'a'.repeat(room)),
    'a long signals string': wrap('{"userId":"u","signals":"', '"}', (room) => '['.repeat(room)),
    'enormous numbers in userId': wrap(
      '{"userId":[',
      ']}',
      (room) => '1e999,'.repeat(Math.floor(room / 6) - 1) + '-1e999',
    ),
  }
}
