/**
 * The hosted check's contract (VerifyYou's register and get_status) and its invites, through app.request on
 * a real embedded store: every failure code, the redirect rule, expired and reused invites, and a completed
 * check read back by get_status and the redirect's token. The passkey path and the region rule in a real
 * browser are test/hosted-browser.test.ts; the slice's own rules, test/hosted-store-*.test.ts.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  FAILURE_STATUS,
  getStatusResponseSchema,
  registerResponseSchema,
} from '../shared/contracts/verifyyou.ts'
import { openHostedStore } from '../server/hosted/store/index.ts'
import { INVITE_TTL_MS } from '../server/hosted/sessions.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { wanderingPointer } from './helpers/traces.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => {
  await t.close()
})

const REGISTER = '/v1/business_connect_user/register'
const STATUS = '/v1/business_connect_user/get_status'
const BACK = 'http://localhost:4000/verify/return'

function call(path: string, body: unknown, headers: Record<string, string>) {
  return t.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

const registration = (over: Record<string, unknown> = {}) => ({
  reference_user_id: 'user_123',
  redirect_url: BACK,
  uniqueness_region_id: 'survey_456',
  data_request: { type: 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID' },
  ...over,
})

async function failureOf(res: Response) {
  const body = (await res.json()) as { status: string; failure_code: string; failure_reason: string }
  expect(body.status).toBe('failure')
  expect(res.status).toBe(FAILURE_STATUS[body.failure_code as keyof typeof FAILURE_STATUS])
  return body
}

/** Registers with the phone-number placeholder request, which the page completes without a passkey. */
async function invite(key: string, over: Record<string, unknown> = {}) {
  const res = await call(
    REGISTER,
    registration({ data_request: { type: 'IS_PHONE_NUMBER_VERIFIED' }, ...over }),
    {
      'API-KEY': key,
    },
  )
  expect(res.status).toBe(200)
  const body = registerResponseSchema.parse(await res.json())
  return { ...body, code: new URL(body.invite_url).pathname.split('/')[2]! }
}

const complete = (code: string, signals = wanderingPointer(3)) =>
  t.app.request(`/check/${code}/complete`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ signals }),
  })

describe('POST /v1/business_connect_user/register', () => {
  it('answers success with an invite URL, a bcu_ user id and connection_verified false, under API-KEY', async () => {
    const { key } = await t.key()
    const res = await call(REGISTER, registration(), { 'API-KEY': key })
    expect(res.status).toBe(200)
    const body = registerResponseSchema.parse(await res.json())
    expect(body).toMatchObject({ status: 'success', connection_verified: false })
    expect(body.user_id).toMatch(/^bcu_[\w-]{22}$/)
    // a one-time code of 192 bits (32 base64url characters) in the path
    expect(body.invite_url).toMatch(/^http:\/\/localhost\/check\/[\w-]{32}$/)
  })

  it('accepts the same key as Authorization: Bearer, with the same rate-limit headers as verify', async () => {
    const { key } = await t.key('tiny')
    const res = await call(REGISTER, registration(), { Authorization: `Bearer ${key}` })
    expect(res.status).toBe(200)
    expect(res.headers.get('X-RateLimit-Limit')).toBe('5')
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('4')
    // the burst window is the key's one window: verify and register draw on it together
    await t.verify(key, { userId: 'a' })
    const third = await call(REGISTER, registration(), { 'API-KEY': key })
    expect(third.headers.get('X-RateLimit-Remaining')).toBe('2')
  })

  it('answers MISSING_AUTH, INVALID_API_KEY_FORMAT and INVALID_API_KEY with 401 in the failure shape', async () => {
    expect((await failureOf(await call(REGISTER, registration(), {}))).failure_code).toBe('MISSING_AUTH')
    const format = await failureOf(await call(REGISTER, registration(), { 'API-KEY': 'nope' }))
    expect(format.failure_code).toBe('INVALID_API_KEY_FORMAT')
    const unknown = await call(REGISTER, registration(), { 'API-KEY': `huma_live_${'a'.repeat(32)}` })
    expect(unknown.status).toBe(401)
    expect((await failureOf(unknown)).failure_code).toBe('INVALID_API_KEY')
  })

  it("answers BURST_LIMIT_EXCEEDED with 429 and Retry-After past the key's minute", async () => {
    const { key } = await t.key('tiny')
    for (let i = 0; i < 5; i++) await call(REGISTER, registration(), { 'API-KEY': key })
    const res = await call(REGISTER, registration(), { 'API-KEY': key })
    expect((await failureOf(res)).failure_code).toBe('BURST_LIMIT_EXCEEDED')
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0)
  })

  it("answers TRIAL_EXPIRED with 402 once the key's trial is over", async () => {
    const { key } = await t.key('roomy', { trialEndsAt: t.clock.now - 1 })
    expect((await failureOf(await call(REGISTER, registration(), { 'API-KEY': key }))).failure_code).toBe(
      'TRIAL_EXPIRED',
    )
  })

  it('answers INVALID_REQUEST naming the missing field, as the contract quotes it', async () => {
    const { key } = await t.key()
    const { reference_user_id: _, ...rest } = registration()
    const body = await failureOf(await call(REGISTER, rest, { 'API-KEY': key }))
    expect(body).toEqual({
      status: 'failure',
      failure_code: 'INVALID_REQUEST',
      failure_reason: 'Missing required field: reference_user_id',
    })
    const type = await failureOf(
      await call(REGISTER, registration({ data_request: { type: 'X' } }), { 'API-KEY': key }),
    )
    expect(type.failure_reason).toMatch(/data_request\.type/)
    const notJson = await failureOf(await call(REGISTER, '{', { 'API-KEY': key }))
    expect(notJson.failure_code).toBe('INVALID_REQUEST')
  })

  it('answers PAYLOAD_TOO_LARGE with 413 for a body over 64 KB', async () => {
    const { key } = await t.key()
    const res = await call(REGISTER, registration({ state: 'x'.repeat(70_000) }), { 'API-KEY': key })
    expect((await failureOf(res)).failure_code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('accepts only loopback redirect URLs from a key with no allowed redirect origins, naming the field', async () => {
    const { key } = await t.key()
    const remote = await failureOf(
      await call(REGISTER, registration({ redirect_url: 'https://yourapp.com/verify/return' }), {
        'API-KEY': key,
      }),
    )
    expect(remote.failure_code).toBe('INVALID_REQUEST')
    expect(remote.failure_reason).toMatch(/^Invalid field: redirect_url/)
    const plain = await failureOf(
      await call(REGISTER, registration({ redirect_url: 'http://yourapp.com/x' }), { 'API-KEY': key }),
    )
    expect(plain.failure_reason).toMatch(/redirect_url must be https/)
    for (const ok of ['http://127.0.0.1:8080/back', 'http://localhost/back', 'https://localhost/back'])
      expect((await call(REGISTER, registration({ redirect_url: ok }), { 'API-KEY': key })).status).toBe(200)
  })

  it("accepts a redirect URL on the key's allowed origins and refuses one on another origin", async () => {
    const { key, id } = await t.key()
    await openHostedStore(t.store)!.setKeySettings(id, { redirectOrigins: ['https://yourapp.com'] })
    const ok = await call(REGISTER, registration({ redirect_url: 'https://yourapp.com/verify/return' }), {
      'API-KEY': key,
    })
    expect(ok.status).toBe(200)
    const other = await failureOf(
      await call(REGISTER, registration({ redirect_url: 'https://evil.example/verify' }), { 'API-KEY': key }),
    )
    expect(other.failure_reason).toMatch(/redirect_url is not on this key's allowed redirect origins/)
    const loopback = await failureOf(await call(REGISTER, registration(), { 'API-KEY': key }))
    expect(loopback.failure_code).toBe('INVALID_REQUEST')
  })
})

describe('POST /v1/business_connect_user/get_status', () => {
  it('answers DOES_NOT_EXIST for a reference user never registered under this key', async () => {
    const { key } = await t.key()
    const other = await t.key()
    await call(REGISTER, registration(), { 'API-KEY': other.key })
    const body = await failureOf(await call(STATUS, { reference_user_id: 'user_123' }, { 'API-KEY': key }))
    expect(body.failure_code).toBe('DOES_NOT_EXIST')
  })

  it('answers has_connection false before the check, and the score and time after it', async () => {
    const { key } = await t.key()
    const { code, user_id } = await invite(key)
    const before = getStatusResponseSchema.parse(
      await (await call(STATUS, { reference_user_id: 'user_123' }, { 'API-KEY': key })).json(),
    )
    expect(before).toEqual({ status: 'success', user_id, has_connection: false })

    t.clock.now += 14_000
    const done = await complete(code)
    expect(done.status).toBe(200)
    const answer = (await done.json()) as { redirect: string; humanness_score: number }

    // the same user however the reference id is spelled (case, width), as verify normalises userIds
    const after = getStatusResponseSchema.parse(
      await (await call(STATUS, { reference_user_id: 'USER_123' }, { 'API-KEY': key })).json(),
    )
    expect(after.has_connection).toBe(true)
    expect(after.simple_data_request_response).toEqual({
      humanness_score: answer.humanness_score,
      fulfillment_time_s: 14,
      is_phone_number_verified: true,
    })
    expect(after.simple_data_request_response!.humanness_score).toBeGreaterThanOrEqual(0)
    expect(after.simple_data_request_response!.humanness_score).toBeLessThanOrEqual(100)
    const again = registerResponseSchema.parse(
      await (
        await call(REGISTER, registration({ data_request: { type: 'IS_PHONE_NUMBER_VERIFIED' } }), {
          'API-KEY': key,
        })
      ).json(),
    )
    expect(again).toMatchObject({ user_id, connection_verified: true })
  })
})

describe('the invite', () => {
  it('sends the person to redirect_url with the user id, the state and a token the JWKS verifies', async () => {
    const { key } = await t.key()
    const { code, user_id } = await invite(key, { state: 'csrf-abc' })
    const answer = (await (await complete(code)).json()) as { redirect: string; humanness_score: number }
    const url = new URL(answer.redirect)
    expect(`${url.origin}${url.pathname}`).toBe(BACK)
    expect(url.searchParams.get('user_id')).toBe(user_id)
    expect(url.searchParams.get('state')).toBe('csrf-abc')
    const check = await t.app.request('/api/v1/tokens/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ token: url.searchParams.get('token'), userId: 'user_123' }),
    })
    const verdict = (await check.json()) as {
      valid: boolean
      user_match: boolean
      claims: Record<string, unknown>
    }
    expect(verdict.valid).toBe(true)
    expect(verdict.user_match).toBe(true)
    expect(verdict.claims.action).toBe('hosted_check')
    // short-lived: ten minutes, not the audit tokens' year
    expect(
      Date.parse(verdict.claims.expires_at as string) - Date.parse(verdict.claims.issued_at as string),
    ).toBe(600_000)
  })

  it("signs the verdict verify gives the same score: 0.4996 is confidence 0.499 and no person, as verify's", async () => {
    await t.close()
    t = await makeTestApp({ score: async () => ({ confidence: 0.4996, reasons: [] }) })
    const { key } = await t.key()
    const { code } = await invite(key)
    const answer = (await (await complete(code)).json()) as { redirect: string }
    const check = await t.app.request('/api/v1/tokens/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ token: new URL(answer.redirect).searchParams.get('token') }),
    })
    const { claims } = (await check.json()) as { claims: { human: boolean; confidence: number } }
    const verified = (await (await t.verify(key, { userId: 'user_123' })).json()) as {
      human: boolean
      confidence: number
    }
    expect(verified).toMatchObject({ human: false, confidence: 0.499 })
    expect(claims).toMatchObject({ human: verified.human, confidence: verified.confidence })
  })

  it('works once: a second completion is INVITE_ALREADY_USED, and the page says so', async () => {
    const { key } = await t.key()
    const { code } = await invite(key)
    expect((await complete(code)).status).toBe(200)
    expect((await failureOf(await complete(code, wanderingPointer(4)))).failure_code).toBe(
      'INVITE_ALREADY_USED',
    )
    const page = await t.app.request(`/check/${code}`)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('This link was already used')
  })

  it(`expires ${INVITE_TTL_MS / 60_000} minutes after register: INVITE_EXPIRED, on the page and on completion`, async () => {
    const { key } = await t.key()
    const { code } = await invite(key)
    t.clock.now += INVITE_TTL_MS - 1000
    expect((await t.app.request(`/check/${code}`)).status).toBe(200)
    t.clock.now += 1000
    const page = await t.app.request(`/check/${code}`)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('This link has expired')
    expect((await failureOf(await complete(code))).failure_code).toBe('INVITE_EXPIRED')
  })

  it('stops working when the user is registered again, which mints a fresh code', async () => {
    const { key } = await t.key()
    const first = await invite(key)
    const second = await invite(key)
    expect(second.user_id).toBe(first.user_id)
    expect(second.code).not.toBe(first.code)
    expect((await failureOf(await complete(first.code))).failure_code).toBe('DOES_NOT_EXIST')
    expect((await complete(second.code)).status).toBe(200)
  })

  it('answers DOES_NOT_EXIST for an unknown code, and for one whose key was revoked', async () => {
    const { key, id } = await t.key()
    expect((await t.app.request(`/check/${'A'.repeat(32)}`)).status).toBe(404)
    const { code } = await invite(key)
    await t.store.revokeKey(id, t.clock.now)
    expect((await failureOf(await complete(code))).failure_code).toBe('DOES_NOT_EXIST')
  })

  it('asks for a passkey when the request is GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID', async () => {
    const { key } = await t.key()
    const res = await call(REGISTER, registration(), { 'API-KEY': key })
    const { invite_url } = registerResponseSchema.parse(await res.json())
    const code = new URL(invite_url).pathname.split('/')[2]!
    const body = await failureOf(await complete(code))
    expect(body).toMatchObject({
      failure_code: 'INVALID_REQUEST',
      failure_reason: 'Missing required field: passkey',
    })
    const options = (await (
      await t.app.request(`/check/${code}/passkey-options`, { method: 'POST' })
    ).json()) as {
      create: { challenge: string; rp: { id: string } }
      get: { challenge: string }
    }
    expect(options.create.rp.id).toBe('localhost')
    expect(options.create.challenge).toBe(options.get.challenge)
  })

  it('keeps nothing personal: neither the reference id nor the code is on disk or in the log', async () => {
    const { key } = await t.key()
    const { code } = await invite(key, { reference_user_id: 'alice.person@example.org' })
    await complete(code)
    const files = ['huma.sqlite', 'huma.sqlite-wal'].map((f) => {
      try {
        return readFileSync(join(t.dir, f)).toString('latin1')
      } catch {
        return ''
      }
    })
    for (const text of [...files, t.logs.join('\n')]) {
      expect(text).not.toContain('alice.person')
      expect(text).not.toContain(code)
    }
    expect(t.logs.join('\n')).toContain('/check/:code')
  })
})

describe('the USER_VERIFICATION_COMPLETED webhook', () => {
  it('is written into the outbox with the completion: the reference id as sent, and get_status data', async () => {
    const { createWebhooks } = await import('../server/webhooks/index.ts')
    const { storeSealer } = await import('../server/webhooks/seal.ts')
    await t.close()
    const base = await makeTestApp()
    const webhooks = createWebhooks({ store: base.store, now: () => base.clock.now })
    t = await makeTestApp({ store: base.store, hosted: { outbox: webhooks.outbox } })
    t.clock.now = base.clock.now
    const { key, id } = await t.key()
    const { code, user_id } = await invite(key, { reference_user_id: 'User_123' })
    expect(await webhooks.store.deliveries(id, 10)).toHaveLength(0)
    const done = (await (await complete(code)).json()) as { humanness_score: number }
    // a refused completion writes nothing
    await complete(code)
    // (the trust score's events go out beside it: test/trust-routes.test.ts)
    const deliveries = (await webhooks.store.deliveries(id, 10)).filter(
      (d) => d.type === 'USER_VERIFICATION_COMPLETED',
    )
    expect(deliveries).toHaveLength(1)
    const sealed = deliveries[0]!
    const body = JSON.parse((await storeSealer(t.store)).open(sealed.sealedBody)!) as {
      type: string
      data: Record<string, unknown>
    }
    expect(body.type).toBe('USER_VERIFICATION_COMPLETED')
    expect(body.data).toEqual({
      user_id,
      reference_user_id: 'User_123',
      has_connection: true,
      simple_data_request_response: {
        humanness_score: done.humanness_score,
        fulfillment_time_s: 0,
        is_phone_number_verified: true,
      },
    })
    rmSync(base.dir, { recursive: true, force: true })
  })
})

describe('the check page', () => {
  it('forbids framing, sniffing and referrers, and loads nothing from another origin', async () => {
    const { key } = await t.key()
    const { code } = await invite(key)
    const res = await t.app.request(`/check/${code}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    const csp = res.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/default-src 'none'/)
    expect(csp).not.toMatch(/\*|https?:|'unsafe-/)
    expect(res.headers.get('X-Frame-Options')).toBe('DENY')
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const html = await res.text()
    expect(html).not.toMatch(/<script>|\sstyle=|\son[a-z]+=|https?:\/\/(?!localhost)/)
    expect(html).toContain('<svg class="qr"')
  })

  it("wears the key's theme: its name, its logo, its accent colour", async () => {
    const { key, id } = await t.key()
    await openHostedStore(t.store)!.setKeySettings(id, {
      name: 'Acme <Surveys>',
      logoUrl: 'data:image/png;base64,iVBORw0KGgo=',
      accent: '#b3261e',
    })
    const { code } = await invite(key)
    const html = await (await t.app.request(`/check/${code}`)).text()
    expect(html).toContain('Acme &lt;Surveys&gt;')
    expect(html).toContain('<img class="logo" src="data:image/png;base64,iVBORw0KGgo="')
    const css = await (await t.app.request(`/check/${code}/theme.css`)).text()
    expect(css).toBe(':root{--accent:#b3261e;--on-accent:#fff}\n')
  })
})

describe('under a sandbox key', () => {
  it("answers verify's fixed sandbox scores: a reference starting with bot_ is a bot", async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    expect(key).toMatch(/^huma_test_/)
    const scores: Record<string, number> = {}
    for (const reference of ['bot_1', 'person_1']) {
      const { code } = await invite(key, { reference_user_id: reference })
      scores[reference] = (
        (await (await complete(code)).json()) as { humanness_score: number }
      ).humanness_score
    }
    expect(scores).toEqual({ bot_1: 2, person_1: 98 })
  })
})

describe('when the store fails', () => {
  it('answers SERVICE_UNAVAILABLE with 503 and Retry-After, in the failure shape', async () => {
    const { faultyStore } = await import('./helpers/http.ts')
    const faults = faultyStore(t.store)
    const down = await makeTestApp({ store: faults.store })
    const { key } = await down.key()
    faults.failNext(1)
    const res = await down.app.request(REGISTER, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'API-KEY': key },
      body: JSON.stringify(registration()),
    })
    expect(res.status).toBe(503)
    expect(res.headers.get('Retry-After')).toBe('5')
    expect(await res.json()).toMatchObject({ status: 'failure', failure_code: 'SERVICE_UNAVAILABLE' })
    rmSync(down.dir, { recursive: true, force: true })
  })
})
