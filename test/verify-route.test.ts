import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { monthOf } from '../server/limits/service.ts'
import { StoreUnavailableError, type Store } from '../server/store/types.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => {
  await t.close()
})

const errorOf = async (res: Response) => (await res.json()) as { error: string; message: string }

describe('POST /api/v1/verify', () => {
  it('answers 200 with human, confidence, token and pii_stored: false', async () => {
    const { key } = await t.key()
    const res = await t.verify(key, { userId: 'user_123', action: 'signup' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(typeof body.human).toBe('boolean')
    expect(body.confidence).toBeGreaterThanOrEqual(0)
    expect(body.confidence).toBeLessThanOrEqual(1)
    expect(body.human).toBe((body.confidence as number) >= 0.5)
    expect(body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(body.pii_stored).toBe(false)
    expect(body.reasons).toContain('NO_SIGNALS')
  })

  it('carries the burst window in X-RateLimit headers on every response with a known key', async () => {
    const { key } = await t.key('tiny')
    const first = await t.verify(key, { userId: 'a' })
    expect(first.headers.get('X-RateLimit-Limit')).toBe('5')
    expect(first.headers.get('X-RateLimit-Remaining')).toBe('4')
    expect(first.headers.get('X-RateLimit-Reset')).toBe('60')
    const invalid = await t.verify(key, { userId: '' })
    expect(invalid.status).toBe(400)
    expect(invalid.headers.get('X-RateLimit-Remaining')).toBe('3')
  })

  it('reports the monthly quota in X-Quota headers', async () => {
    const { key } = await t.key('monthly')
    const res = await t.verify(key, { userId: 'a' })
    expect(res.headers.get('X-Quota-Limit')).toBe('3')
    expect(res.headers.get('X-Quota-Remaining')).toBe('2')
  })

  describe('authentication', () => {
    it('answers 401 MISSING_AUTH without an Authorization header', async () => {
      const res = await t.verify(null, { userId: 'a' })
      expect(res.status).toBe(401)
      expect((await errorOf(res)).error).toBe('MISSING_AUTH')
      expect(res.headers.get('X-RateLimit-Limit')).toBeNull()
    })

    it.each([
      ['a key of the wrong shape', 'Bearer nope'],
      ['a key one character short', 'Bearer huma_live_' + 'a'.repeat(31)],
      ['an unknown prefix', 'Bearer huma_prod_' + 'a'.repeat(32)],
      ['a key with a symbol in its body', 'Bearer huma_live_' + 'a'.repeat(31) + '!'],
      ['another auth scheme', 'Basic dXNlcjpwYXNz'],
    ])('answers 401 INVALID_API_KEY_FORMAT for %s', async (_what, header) => {
      const res = await t.verify(null, { userId: 'a' }, { Authorization: header })
      expect(res.status).toBe(401)
      expect((await errorOf(res)).error).toBe('INVALID_API_KEY_FORMAT')
    })

    it('answers 401 INVALID_API_KEY for a well-formed key nobody created', async () => {
      const res = await t.verify('huma_live_' + 'Q'.repeat(32), { userId: 'a' })
      expect(res.status).toBe(401)
      expect((await errorOf(res)).error).toBe('INVALID_API_KEY')
    })

    it('answers 401 INVALID_API_KEY for a revoked key', async () => {
      const { key, id } = await t.key()
      expect((await t.verify(key, { userId: 'a' })).status).toBe(200)
      await t.store.revokeKey(id, t.clock.now)
      const res = await t.verify(key, { userId: 'a' })
      expect(res.status).toBe(401)
      expect((await errorOf(res)).error).toBe('INVALID_API_KEY')
    })
  })

  describe('request validation', () => {
    it.each([
      ['userId is missing', { action: 'login' }, 'userId is required'],
      ['userId is a number', { userId: 5 }, 'userId must be a string'],
      ['userId is empty', { userId: '' }, 'userId must not be empty'],
      ['userId is too long', { userId: 'x'.repeat(257) }, 'userId is too long'],
      ['action has a space', { userId: 'a', action: 'sign up' }, 'action has an invalid format'],
      ['action is too long', { userId: 'a', action: 'a'.repeat(33) }, 'action has an invalid format'],
      ['signals is an object', { userId: 'a', signals: { v: 1 } }, 'signals must be a string'],
      ['signals is not JSON', { userId: 'a', signals: 'garbage' }, 'signals is not valid JSON'],
      ['signals has the wrong version', { userId: 'a', signals: '{"v":9,"c":{}}' }, 'signals.v must be 1'],
      ['the body is an array', [1, 2], 'the body must be a JSON object'],
      ['the body is not JSON', '{"userId": ', 'the body must be a JSON object'],
    ])('answers 400 INVALID_REQUEST naming the field when %s', async (_what, body, message) => {
      const { key } = await t.key()
      const res = await t.verify(key, body)
      expect(res.status).toBe(400)
      expect(await errorOf(res)).toEqual({ error: 'INVALID_REQUEST', message })
    })

    it('accepts the actions of the contract: letters, digits, _ and /', async () => {
      const { key } = await t.key()
      for (const action of ['signup', 'login', 'checkout', 'sso/callback_2']) {
        expect((await t.verify(key, { userId: 'a' + action, action })).status).toBe(200)
      }
    })

    it('answers 413 for a body over 64 KB without reading it as a verify call', async () => {
      const { key } = await t.key()
      const res = await t.verify(key, { userId: 'a', signals: 'x'.repeat(70_000) })
      expect(res.status).toBe(413)
      expect((await errorOf(res)).error).toBe('PAYLOAD_TOO_LARGE')
    })
  })

  describe('trials', () => {
    it('answers 402 TRIAL_EXPIRED once 14 days have passed on a trial key', async () => {
      const { key } = await t.key('trial')
      expect((await t.verify(key, { userId: 'a' })).status).toBe(200)
      t.clock.now += 14 * 86_400_000
      const res = await t.verify(key, { userId: 'a' })
      expect(res.status).toBe(402)
      expect((await errorOf(res)).error).toBe('TRIAL_EXPIRED')
    })

    it('honours a trial end set at creation', async () => {
      const { key } = await t.key('trial', { trialEndsAt: t.clock.now + 1000 })
      expect((await t.verify(key, { userId: 'a' })).status).toBe(200)
      t.clock.now += 1000
      expect((await t.verify(key, { userId: 'a' })).status).toBe(402)
    })
  })

  describe('limits', () => {
    it('answers 429 BURST_LIMIT_EXCEEDED with Retry-After past the plan rate, and admits again a minute later', async () => {
      const { key } = await t.key('tiny')
      for (let i = 0; i < 5; i++) {
        expect((await t.verify(key, { userId: `u${i}` })).status).toBe(200)
        t.clock.now += 1000
      }
      const res = await t.verify(key, { userId: 'u5' })
      expect(res.status).toBe(429)
      expect((await errorOf(res)).error).toBe('BURST_LIMIT_EXCEEDED')
      expect(res.headers.get('Retry-After')).toBe('55')
      expect(res.headers.get('X-RateLimit-Remaining')).toBe('0')
      t.clock.now += 55_000
      expect((await t.verify(key, { userId: 'u5' })).status).toBe(200)
    })

    it('answers 429 USER_FLOOD_DETECTED on the 11th call for one userId within a minute', async () => {
      const { key } = await t.key()
      for (let i = 0; i < 10; i++) expect((await t.verify(key, { userId: 'same' })).status).toBe(200)
      const res = await t.verify(key, { userId: 'same' })
      expect(res.status).toBe(429)
      expect((await errorOf(res)).error).toBe('USER_FLOOD_DETECTED')
      expect(Number(res.headers.get('Retry-After'))).toBe(60)
      expect((await t.verify(key, { userId: 'other' })).status).toBe(200)
      t.clock.now += 60_000
      expect((await t.verify(key, { userId: 'same' })).status).toBe(200)
    })

    it('keeps the flood count per key: another key may verify the same userId', async () => {
      const first = await t.key()
      const second = await t.key()
      for (let i = 0; i < 10; i++) await t.verify(first.key, { userId: 'same' })
      expect((await t.verify(first.key, { userId: 'same' })).status).toBe(429)
      expect((await t.verify(second.key, { userId: 'same' })).status).toBe(200)
    })

    it('answers 429 MONTHLY_LIMIT_EXCEEDED once the month is used up, until the next month', async () => {
      const { key, id } = await t.key('monthly')
      for (let i = 0; i < 3; i++) expect((await t.verify(key, { userId: `u${i}` })).status).toBe(200)
      const res = await t.verify(key, { userId: 'u3' })
      expect(res.status).toBe(429)
      expect((await errorOf(res)).error).toBe('MONTHLY_LIMIT_EXCEEDED')
      expect(Number(res.headers.get('Retry-After'))).toBe((Date.UTC(2026, 11, 1) - t.clock.now) / 1000)
      expect(await t.store.usage('2026-11', id)).toEqual([{ keyId: id, month: '2026-11', used: 3 }])
      t.clock.now = Date.UTC(2026, 11, 1)
      expect((await t.verify(key, { userId: 'u3' })).status).toBe(200)
    })

    it('counts only successful verifications toward the month', async () => {
      const { key, id } = await t.key('monthly')
      await t.verify(key, { userId: '' })
      await t.verify(key, { userId: 'a', signals: 'not json' })
      for (let i = 0; i < 11; i++) await t.verify(key, { userId: 'flooder' })
      expect((await t.store.usage('2026-11', id))[0]?.used).toBe(3)
    })

    it.each([
      ['the burst limit', 'tiny', 40, (i: number) => `u${i}`, 5, 'BURST_LIMIT_EXCEEDED'],
      ['the monthly limit', 'monthly', 40, (i: number) => `u${i}`, 3, 'MONTHLY_LIMIT_EXCEEDED'],
      ['the user flood limit', 'roomy', 40, () => 'same', 10, 'USER_FLOOD_DETECTED'],
    ])('admits exactly %s under many parallel requests', async (_what, plan, n, userId, admitted, code) => {
      const { key } = await t.key(plan)
      const responses = await Promise.all(
        Array.from({ length: n }, (_, i) => t.verify(key, { userId: userId(i) })),
      )
      const ok = responses.filter((r) => r.status === 200).length
      const rejected = await Promise.all(responses.filter((r) => r.status !== 200).map(errorOf))
      expect(ok).toBe(admitted)
      expect(rejected.map((e) => e.error)).toEqual(Array(n - admitted).fill(code))
    })
  })

  describe('sandbox keys (huma_test_)', () => {
    it('answers deterministically: a userId starting with bot_ is a bot, others are people', async () => {
      const { key } = await t.key('roomy', { mode: 'test' })
      expect(key.startsWith('huma_test_')).toBe(true)
      const bot = (await (await t.verify(key, { userId: 'bot_1' })).json()) as Record<string, unknown>
      const person = (await (await t.verify(key, { userId: 'user_1' })).json()) as Record<string, unknown>
      expect(bot).toMatchObject({ human: false, confidence: 0.02, reasons: ['SANDBOX'], pii_stored: false })
      expect(person).toMatchObject({ human: true, confidence: 0.98, reasons: ['SANDBOX'], pii_stored: false })
    })

    it('uses no monthly quota', async () => {
      const { key, id } = await t.key('monthly', { mode: 'test' })
      for (let i = 0; i < 5; i++) expect((await t.verify(key, { userId: `u${i}` })).status).toBe(200)
      expect(await t.store.usage('2026-11', id)).toEqual([])
    })
  })

  describe('when the store cannot be reached', () => {
    it('answers 503 SERVICE_UNAVAILABLE with Retry-After', async () => {
      const { key } = await t.key()
      const broken = new Proxy(t.store, {
        get: (target, prop: keyof Store) =>
          typeof target[prop] === 'function' && prop !== 'close'
            ? () => Promise.reject(new StoreUnavailableError('down'))
            : target[prop],
      })
      const down = await makeTestApp({ store: broken })
      const res = await down.verify(key, { userId: 'a' })
      expect(res.status).toBe(503)
      expect(await errorOf(res)).toMatchObject({ error: 'SERVICE_UNAVAILABLE' })
      expect(res.headers.get('Retry-After')).toBe('5')
    })
  })
})

describe('monthOf', () => {
  it('names the UTC month on either side of a month boundary, asked in any order', () => {
    const december = Date.UTC(2026, 11, 1)
    expect(monthOf(december - 1)).toBe('2026-11')
    expect(monthOf(december)).toBe('2026-12')
    expect(monthOf(december - 1)).toBe('2026-11')
    expect(monthOf(Date.UTC(2027, 0, 1) - 1)).toBe('2026-12')
    expect(monthOf(Date.UTC(2027, 0, 1))).toBe('2027-01')
    expect(monthOf(Date.UTC(2025, 11, 31, 12))).toBe('2025-12')
  })
})
