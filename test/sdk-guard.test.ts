import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Huma, { HumaError } from 'huma/node'
import { humaGuard, type HumaGuardOptions } from 'huma/hono'
import { checkHuman, type VerifyClient } from 'huma/guard'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { faultyStore, type FaultyStore } from './helpers/http.ts'

let t: TestApp
let faults: FaultyStore
let storeDir: string
beforeEach(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'huma-guard-'))
  faults = faultyStore(openEmbeddedStore(storeDir))
  t = await makeTestApp({ store: faults.store })
})
afterEach(async () => {
  await t.close()
  rmSync(storeDir, { recursive: true, force: true })
})

/** A client that reaches the Huma app in-process. */
const humaClient = (key: string) =>
  new Huma(key, {
    baseUrl: 'http://huma.test',
    retries: 0,
    fetch: (input, init) => Promise.resolve(t.app.request(input, init)),
  })

/** A customer's Hono app with a guarded signup route. */
function customerApp(options: Omit<HumaGuardOptions, 'userId'>) {
  const app = new Hono()
  app.post(
    '/signup',
    humaGuard({ ...options, userId: async (c) => String((await c.req.parseBody()).email ?? '') }),
    async (c) => {
      const form = await c.req.parseBody()
      const check = c.get('huma')
      return c.json({
        welcome: form.email,
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
    expect(await res.json()).toEqual({ welcome: 'alice@example.com', confidence: 0.98, degraded: null })
  })

  it('answers 403 JSON to a bot', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const res = await signup(customerApp({ client: humaClient(key) }), { email: 'bot_mallory' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'NOT_HUMAN' })
  })

  it('holds requests to minConfidence', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const res = await signup(customerApp({ client: humaClient(key), minConfidence: 0.99 }), {
      email: 'alice',
    })
    expect(res.status).toBe(403)
  })

  it('calls onBlocked instead of answering 403 when given', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const app = customerApp({
      client: humaClient(key),
      onBlocked: (c, check) => c.text(`challenge ${check.result?.confidence}`, 401),
    })
    const res = await signup(app, { email: 'bot_mallory' })
    expect([res.status, await res.text()]).toEqual([401, 'challenge 0.02'])
  })

  it('sends the form field huma_signals, so malformed signals are blocked even when failing open', async () => {
    const { key } = await t.key()
    const res = await signup(customerApp({ client: humaClient(key) }), {
      email: 'eve',
      huma_signals: 'garbage',
    })
    expect(res.status).toBe(403)
  })

  it('reads huma_signals from a JSON body too', async () => {
    const { key } = await t.key()
    const app = new Hono().post('/api', humaGuard({ client: humaClient(key), userId: () => 'eve' }), (c) =>
      c.text('ok'),
    )
    const res = await app.request('/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ huma_signals: 'garbage' }),
    })
    expect(res.status).toBe(403)
  })

  it('fails open by default when Huma is unavailable, and says so on the context', async () => {
    const { key } = await t.key()
    faults.failNext(1)
    const res = await signup(customerApp({ client: humaClient(key) }), { email: 'alice' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ confidence: null, degraded: 'SERVICE_UNAVAILABLE' })
  })

  it('answers 503 when Huma is unavailable and the policy is block', async () => {
    const { key } = await t.key()
    faults.failNext(1)
    const res = await signup(customerApp({ client: humaClient(key), onUnavailable: 'block' }), {
      email: 'alice',
    })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ error: 'HUMAN_CHECK_UNAVAILABLE' })
  })

  it('blocks when the key is rate limited, whatever the policy, so a flood is no way past the check', async () => {
    const { key } = await t.key('tiny')
    const app = customerApp({ client: humaClient(key) })
    for (let i = 0; i < 5; i++) await signup(app, { email: `user${i}` })
    const res = await signup(app, { email: 'user6' })
    expect(res.status).toBe(403)
  })
})

describe('checkHuman', () => {
  const failing = (error: unknown): VerifyClient => ({ verify: () => Promise.reject(error) })
  const network = new HumaError({ status: 0, code: 'NETWORK_ERROR', message: 'down' })

  it('allows on a network error by default and blocks under onUnavailable: block', async () => {
    expect(await checkHuman(failing(network), { userId: 'u' })).toEqual({
      allowed: true,
      result: null,
      error: network,
    })
    expect((await checkHuman(failing(network), { userId: 'u', onUnavailable: 'block' })).allowed).toBe(false)
  })

  it('blocks on a 429 even when failing open', async () => {
    const flood = new HumaError({
      status: 429,
      code: 'USER_FLOOD_DETECTED',
      message: 'flood',
      retryAfter: 60,
    })
    expect((await checkHuman(failing(flood), { userId: 'u' })).allowed).toBe(false)
  })

  it('rethrows what is not a HumaError: a bug is not an outage', async () => {
    await expect(checkHuman(failing(new TypeError('oops')), { userId: 'u' })).rejects.toThrow('oops')
  })
})
