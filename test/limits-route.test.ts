import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { limitsResponseSchema, type LimitsResponse } from '../server/limits/schema.ts'
import { StoreUnavailableError } from '../server/store/types.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { serveApp } from './helpers/http.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => {
  await t.close()
})

const limits = (key: string | null) =>
  t.request('/api/v1/limits', key ? { headers: { Authorization: `Bearer ${key}` } } : {})

describe('GET /api/v1/limits', () => {
  it("answers the key's burst window and month, counting the verifications made so far", async () => {
    const { key, id } = await t.key('monthly')
    expect((await t.verify(key, { userId: 'a' })).status).toBe(200)
    expect((await t.verify(key, { userId: 'b' })).status).toBe(200)
    const res = await limits(key)
    expect(res.status).toBe(200)
    const body = (await res.json()) as LimitsResponse
    expect(limitsResponseSchema.parse(body)).toEqual(body)
    expect(body).toEqual({
      key_id: id,
      plan: 'monthly',
      mode: 'live',
      burst: { limit: 1000, remaining: 997, reset_s: 60 },
      month: {
        month: '2026-11',
        limit: 3,
        used: 2,
        remaining: 1,
        counted: true,
        resets_at: '2026-12-01T00:00:00.000Z',
      },
      trial_ends_at: null,
    })
  })

  it('uses up no verification of the month, however often it is asked', async () => {
    const { key } = await t.key('monthly')
    for (let i = 0; i < 5; i++) expect((await limits(key)).status).toBe(200)
    expect((await t.verify(key, { userId: 'a' })).status).toBe(200)
    const body = (await (await limits(key)).json()) as LimitsResponse
    expect(body.month).toMatchObject({ used: 1, remaining: 2 })
  })

  it('sends the same X-RateLimit-* and X-Quota-* headers as verify, and no-store', async () => {
    const { key } = await t.key('tiny')
    const verify = await t.verify(key, { userId: 'a' })
    const res = await limits(key)
    expect(res.headers.get('X-RateLimit-Limit')).toBe(verify.headers.get('X-RateLimit-Limit'))
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('3')
    expect(res.headers.get('X-RateLimit-Reset')).toBe('60')
    expect(res.headers.get('X-Quota-Limit')).toBe(verify.headers.get('X-Quota-Limit'))
    expect(res.headers.get('X-Quota-Remaining')).toBe(verify.headers.get('X-Quota-Remaining'))
    expect(res.headers.get('Cache-Control')).toBe('no-store')
  })

  it('counts toward the burst window, and answers 429 BURST_LIMIT_EXCEEDED past it', async () => {
    const { key } = await t.key('tiny')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await limits(key)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    const refused = await limits(key)
    expect(((await refused.json()) as { error: string }).error).toBe('BURST_LIMIT_EXCEEDED')
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
  })

  it('says a sandbox key is counted toward no month, without X-Quota-* headers', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    await t.verify(key, { userId: 'a' })
    const res = await limits(key)
    const body = (await res.json()) as LimitsResponse
    expect(body).toMatchObject({ mode: 'test', month: { used: 0, counted: false } })
    expect(res.headers.get('X-Quota-Limit')).toBeNull()
  })

  it('gives the trial end of a trial key', async () => {
    const { key } = await t.key('trial')
    const body = (await (await limits(key)).json()) as LimitsResponse
    expect(body.trial_ends_at).toBe('2026-11-24T12:00:00.000Z')
  })

  it('answers 401 without a key and 401 for an unknown one, like verify', async () => {
    expect((await limits(null)).status).toBe(401)
    const unknown = await limits(`huma_live_${'a'.repeat(32)}`)
    expect(unknown.status).toBe(401)
    expect(((await unknown.json()) as { error: string }).error).toBe('INVALID_API_KEY')
  })

  it('answers 503 SERVICE_UNAVAILABLE when the month cannot be read', async () => {
    const { key } = await t.key()
    t.store.usage = () => Promise.reject(new StoreUnavailableError('down'))
    const res = await limits(key)
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toBe('SERVICE_UNAVAILABLE')
  })

  it('answers the same over a real socket through the Node adapter', async () => {
    const { key } = await t.key('monthly')
    await t.verify(key, { userId: 'a' })
    const served = await serveApp(t.app)
    try {
      const res = await fetch(`${served.url}/api/v1/limits`, { headers: { Authorization: `Bearer ${key}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('X-Quota-Remaining')).toBe('2')
      expect(((await res.json()) as LimitsResponse).month.used).toBe(1)
    } finally {
      await served.close()
    }
  })
})
