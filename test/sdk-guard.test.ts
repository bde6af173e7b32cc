import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Huma, { HumaError, type VerifyResponse } from 'huma/node'
import { humaGuard, type HumaGuardOptions } from 'huma/hono'
import { checkHuman, verdictOf, type GuardLogger, type VerifyClient } from 'huma/guard'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { faultyStore, type FaultyStore } from './helpers/http.ts'

let t: TestApp
let faults: FaultyStore
let storeDir: string
let logged: { level: 'warn' | 'error'; message: string }[]
const logger: GuardLogger = {
  warn: (message) => void logged.push({ level: 'warn', message }),
  error: (message) => void logged.push({ level: 'error', message }),
}
beforeEach(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'huma-guard-'))
  faults = faultyStore(openEmbeddedStore(storeDir))
  t = await makeTestApp({ store: faults.store })
  logged = []
})
afterEach(async () => {
  await t.close()
  rmSync(storeDir, { recursive: true, force: true })
})

/** A client that reaches the Huma app, served on a local port. */
const humaClient = (key: string) =>
  new Huma(key, {
    baseUrl: 'http://huma.test',
    retries: 0,
    // over a real socket, as the SDK reaches a server in production
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      return t.request(url.pathname + url.search, init)
    },
  })

/** A customer's Hono app with a guarded signup route. */
function customerApp(options: Omit<HumaGuardOptions, 'userId' | 'logger'>) {
  const app = new Hono()
  app.post(
    '/signup',
    humaGuard({
      ...options,
      logger,
      userId: async (c) => {
        const email = (await c.req.parseBody()).email
        return typeof email === 'string' ? email : undefined
      },
    }),
    async (c) => {
      const form = await c.req.parseBody()
      const check = c.get('huma')
      return c.json({
        welcome: form.email,
        outcome: check.outcome,
        confidence: check.result?.confidence ?? null,
        degraded: check.error?.code ?? null,
      })
    },
  )
  return app
}

const signup = (app: Hono, fields: Record<string, string>) =>
  app.request('/signup', { method: 'POST', body: new URLSearchParams(fields) })

describe('humaGuard', () => {
  it('lets a person through and puts the verdict on the context; the handler can still read the form', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const res = await signup(customerApp({ client: humaClient(key) }), {
      email: 'alice@example.com',
      huma_signals: '',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      welcome: 'alice@example.com',
      outcome: 'human',
      confidence: 0.98,
      degraded: null,
    })
  })

  it('answers 403 NOT_HUMAN to a bot', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const res = await signup(customerApp({ client: humaClient(key) }), { email: 'bot_mallory' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'NOT_HUMAN' })
  })

  it('blocks a request that carried no evidence with 403 HUMAN_CHECK_UNCERTAIN by default', async () => {
    const { key } = await t.key()
    const res = await signup(customerApp({ client: humaClient(key) }), { email: 'alice' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      error: 'HUMAN_CHECK_UNCERTAIN',
      message: expect.stringContaining('huma.js'),
    })
  })

  it("lets it through under onUncertain: 'allow', saying so on the context", async () => {
    const { key } = await t.key()
    const res = await signup(customerApp({ client: humaClient(key), onUncertain: 'allow' }), {
      email: 'alice',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ outcome: 'uncertain' })
  })

  it('answers with the onUncertain hook when it is a function (a challenge, a second factor)', async () => {
    const { key } = await t.key()
    const app = customerApp({
      client: humaClient(key),
      onUncertain: (c, check) => c.text(`prove it (${check.result?.reasons.join()})`, 401),
    })
    const res = await signup(app, { email: 'alice' })
    expect([res.status, await res.text()]).toEqual([401, 'prove it (NO_SIGNALS)'])
  })

  it('calls onBlocked instead of answering 403 when given', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const app = customerApp({
      client: humaClient(key),
      onBlocked: (c, check) => c.text(`${check.outcome} ${check.result?.confidence}`, 401),
    })
    const res = await signup(app, { email: 'bot_mallory' })
    expect([res.status, await res.text()]).toEqual([401, 'not_human 0.02'])
  })

  it('answers 400 naming the field when the user id is missing, without asking Huma', async () => {
    let calls = 0
    const client: VerifyClient = {
      verify: () => {
        calls++
        return Promise.reject(new Error('not called'))
      },
    }
    const res = await signup(customerApp({ client }), { email: '' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'BAD_REQUEST', message: 'userId is missing' })
    expect(calls).toBe(0)
  })

  it('answers 400 to malformed signals from a form, even when failing open', async () => {
    const { key } = await t.key()
    const res = await signup(customerApp({ client: humaClient(key) }), {
      email: 'eve',
      huma_signals: 'garbage',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: 'BAD_REQUEST',
      message: expect.stringContaining('signals'),
    })
  })

  it('reads huma_signals from a JSON body too', async () => {
    const { key } = await t.key()
    const guard = humaGuard({ client: humaClient(key), userId: () => 'eve', logger })
    const app = new Hono().post('/api', guard, (c) => c.text('ok'))
    const res = await app.request('/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ huma_signals: 'garbage' }),
    })
    expect(res.status).toBe(400)
  })

  it('fails open by default when Huma is unavailable, says so on the context and logs a warning', async () => {
    const { key } = await t.key()
    faults.failNext(1)
    const res = await signup(customerApp({ client: humaClient(key) }), { email: 'alice' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      outcome: 'unavailable',
      confidence: null,
      degraded: 'SERVICE_UNAVAILABLE',
    })
    expect(logged).toEqual([{ level: 'warn', message: expect.stringContaining('let through unchecked') }])
  })

  it('answers 503 with Retry-After when Huma is unavailable and the policy is block', async () => {
    const { key } = await t.key()
    faults.failNext(1)
    const res = await signup(customerApp({ client: humaClient(key), onUnavailable: 'block' }), {
      email: 'alice',
    })
    expect(res.status).toBe(503)
    expect(res.headers.get('Retry-After')).toBe('5')
    expect(await res.json()).toMatchObject({ error: 'HUMAN_CHECK_UNAVAILABLE' })
    expect(logged.map((l) => l.level)).toEqual(['warn'])
  })

  it('never fails open on a wrong key: 500 to the visitor, an error in the log', async () => {
    const { key } = await t.key()
    await t.store.revokeKey((await t.store.listKeys())[0]!.id, t.clock.now)
    const res = await signup(customerApp({ client: humaClient(key) }), { email: 'alice' })
    expect(res.status).toBe(500)
    const body = await res.json()
    expect(body).toEqual({
      error: 'HUMAN_CHECK_MISCONFIGURED',
      message: 'the human check is not set up correctly on this site',
    })
    expect(logged).toEqual([{ level: 'error', message: expect.stringContaining('HTTP 401 INVALID_API_KEY') }])
    expect(logged[0]!.message).not.toContain(key)
  })

  it('never fails open on an ended trial (402) either', async () => {
    const { key } = await t.key('trial', { trialEndsAt: t.clock.now - 1 })
    const res = await signup(customerApp({ client: humaClient(key) }), { email: 'alice' })
    expect(res.status).toBe(500)
    expect(logged[0]?.message).toContain('TRIAL_EXPIRED')
  })

  it('answers 429 with Retry-After when the key is rate limited, so a flood is no way past the check', async () => {
    const { key } = await t.key('tiny')
    const app = customerApp({ client: humaClient(key), onUncertain: 'allow' })
    for (let i = 0; i < 5; i++) expect((await signup(app, { email: `user${i}` })).status).toBe(200)
    const res = await signup(app, { email: 'user6' })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await res.json()).toMatchObject({ error: 'TOO_MANY_REQUESTS' })
  })
})

describe('checkHuman', () => {
  const failing = (error: unknown): VerifyClient => ({ verify: () => Promise.reject(error) })
  const answering = (result: VerifyResponse): VerifyClient => ({ verify: () => Promise.resolve(result) })
  const network = new HumaError({ status: 0, code: 'NETWORK_ERROR', message: 'down' })

  it('allows on a network error by default and blocks under onUnavailable: block, warning each time', async () => {
    expect(await checkHuman(failing(network), { userId: 'u', logger })).toEqual({
      allowed: true,
      outcome: 'unavailable',
      result: null,
      error: network,
    })
    const blocked = await checkHuman(failing(network), { userId: 'u', onUnavailable: 'block', logger })
    expect(blocked.allowed).toBe(false)
    expect(logged.map((l) => l.level)).toEqual(['warn', 'warn'])
  })

  it('treats a 403 from Huma as a set-up error, never let through', async () => {
    const forbidden = new HumaError({ status: 403, code: 'INVALID_API_KEY', message: 'no' })
    const check = await checkHuman(failing(forbidden), { userId: 'u', logger })
    expect([check.allowed, check.outcome]).toEqual([false, 'misconfigured'])
    expect(logged[0]?.level).toBe('error')
  })

  it('blocks on a 429 even when failing open', async () => {
    const flood = new HumaError({
      status: 429,
      code: 'USER_FLOOD_DETECTED',
      message: 'flood',
      retryAfter: 60,
    })
    expect(await checkHuman(failing(flood), { userId: 'u', logger })).toMatchObject({
      allowed: false,
      outcome: 'rate_limited',
    })
  })

  it('admits human: true only, and treats thin evidence as uncertain whatever the flag says', async () => {
    const verdict = (human: boolean, reasons: VerifyResponse['reasons']) =>
      checkHuman(
        answering({ human, confidence: human ? 0.5 : 0.4, token: 't', pii_stored: false, reasons }),
        {
          userId: 'u',
        },
      ).then((check) => [check.allowed, check.outcome])
    expect(await verdict(true, ['HUMAN_MOTION'])).toEqual([true, 'human'])
    expect(await verdict(false, ['LINEAR_MOTION'])).toEqual([false, 'not_human'])
    expect(await verdict(true, ['NO_SIGNALS'])).toEqual([false, 'uncertain'])
    expect(await verdict(false, ['TOO_FEW_EVENTS'])).toEqual([false, 'uncertain'])
  })

  it('rethrows what is not a HumaError: a bug is not an outage', async () => {
    await expect(checkHuman(failing(new TypeError('oops')), { userId: 'u' })).rejects.toThrow('oops')
  })
})

describe('verdictOf', () => {
  it('says uncertain when Huma lacked evidence, else follows human', () => {
    const result = (human: boolean, reasons: VerifyResponse['reasons']): VerifyResponse => ({
      human,
      confidence: 0.5,
      token: 't',
      pii_stored: false,
      reasons,
    })
    expect(verdictOf(result(true, ['SANDBOX']))).toBe('human')
    expect(verdictOf(result(false, ['SANDBOX']))).toBe('not_human')
    expect(verdictOf(result(true, ['NO_SIGNALS']))).toBe('uncertain')
  })
})
