import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Huma, { HumaError, type HumaOptions } from 'huma/node'
import { parseRetryAfter } from '../sdk/errors.ts'
import { retryDelay } from '../sdk/retry.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { countingFetch, faultyStore, serveApp, type FaultyStore, type Served } from './helpers/http.ts'
import { ROOT } from './helpers/processes.ts'

let t: TestApp
let faults: FaultyStore
let server: Served
let storeDir: string

beforeEach(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'huma-sdk-'))
  faults = faultyStore(openEmbeddedStore(storeDir))
  t = await makeTestApp({ store: faults.store })
  server = await serveApp(t.app)
})
afterEach(async () => {
  await server.close()
  await t.close()
  rmSync(storeDir, { recursive: true, force: true })
})

const fast: HumaOptions = { retryBaseDelayMs: 1, retryMaxDelayMs: 4 }
const client = (key: string, options: HumaOptions = {}) =>
  new Huma(key, { baseUrl: server.url, ...fast, ...options })

async function failure(promise: Promise<unknown>): Promise<HumaError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof HumaError)) throw new Error(`expected a HumaError, got ${String(error)}`)
  return error
}

describe('Huma client', () => {
  it('resolves as the package subpath huma/node and gets a verdict over real HTTP', async () => {
    const { key } = await t.key()
    const result = await client(key).verify('user_123', { action: 'signup' })
    expect(result.human).toBe(result.confidence >= 0.5)
    expect(result.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(result.pii_stored).toBe(false)
    expect(result.reasons).toContain('NO_SIGNALS')
  })

  it('answers the sandbox deterministically for huma_test_ keys', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const huma = client(key)
    expect((await huma.verify('alice')).human).toBe(true)
    expect((await huma.verify('bot_mallory')).human).toBe(false)
  })

  it('sends signals and action through to the server, which rejects malformed signals by name', async () => {
    const { key } = await t.key()
    const error = await failure(client(key).verify('user_1', { signals: 'not-signals' }))
    expect(error.status).toBe(400)
    expect(error.code).toBe('INVALID_REQUEST')
  })
})

describe('Huma client errors', () => {
  it('maps a missing key to 401 MISSING_AUTH', async () => {
    const error = await failure(client('').verify('user_1'))
    expect([error.status, error.code]).toEqual([401, 'MISSING_AUTH'])
  })

  it('maps a malformed key to 401 INVALID_API_KEY_FORMAT', async () => {
    const error = await failure(client('huma_live_your_key_here').verify('user_1'))
    expect([error.status, error.code]).toEqual([401, 'INVALID_API_KEY_FORMAT'])
  })

  it('maps an unknown or revoked key to 401 INVALID_API_KEY', async () => {
    const unknown = await failure(client(`huma_live_${'a'.repeat(32)}`).verify('user_1'))
    expect([unknown.status, unknown.code]).toEqual([401, 'INVALID_API_KEY'])
    const { key, id } = await t.key()
    await t.store.revokeKey(id, t.clock.now)
    const revoked = await failure(client(key).verify('user_1'))
    expect([revoked.status, revoked.code]).toEqual([401, 'INVALID_API_KEY'])
  })

  it('maps a bad body to 400 INVALID_REQUEST with a message naming the field', async () => {
    const { key } = await t.key()
    const error = await failure(client(key).verify(''))
    expect([error.status, error.code]).toEqual([400, 'INVALID_REQUEST'])
    expect(error.message).toContain('userId')
    expect(error).toBeInstanceOf(Error)
  })

  it('maps an expired trial to 402 TRIAL_EXPIRED', async () => {
    const { key } = await t.key('trial', { trialEndsAt: t.clock.now - 1 })
    const error = await failure(client(key).verify('user_1'))
    expect([error.status, error.code]).toEqual([402, 'TRIAL_EXPIRED'])
  })

  it('maps the burst limit to 429 BURST_LIMIT_EXCEEDED with retryAfter in seconds', async () => {
    const { key } = await t.key('tiny')
    const huma = client(key)
    for (let i = 0; i < 5; i++) await huma.verify(`user_${i}`)
    const error = await failure(huma.verify('user_6'))
    expect([error.status, error.code, error.retryAfter]).toEqual([429, 'BURST_LIMIT_EXCEEDED', 60])
  })

  it('maps a used-up month to 429 MONTHLY_LIMIT_EXCEEDED', async () => {
    const { key } = await t.key('monthly')
    const huma = client(key)
    for (let i = 0; i < 3; i++) await huma.verify(`user_${i}`)
    const error = await failure(huma.verify('user_4'))
    expect([error.status, error.code]).toEqual([429, 'MONTHLY_LIMIT_EXCEEDED'])
    expect(error.retryAfter).toBeGreaterThan(0)
  })

  it('maps a flooding userId to 429 USER_FLOOD_DETECTED with retryAfter', async () => {
    const { key } = await t.key()
    const huma = client(key)
    for (let i = 0; i < 10; i++) await huma.verify('same_user')
    const error = await failure(huma.verify('same_user'))
    expect([error.status, error.code, error.retryAfter]).toEqual([429, 'USER_FLOOD_DETECTED', 60])
  })

  it('maps an unreachable store to 503 SERVICE_UNAVAILABLE with retryAfter', async () => {
    const { key } = await t.key()
    faults.failNext(10)
    const error = await failure(client(key, { retries: 0 }).verify('user_1'))
    expect([error.status, error.code, error.retryAfter]).toEqual([503, 'SERVICE_UNAVAILABLE', 5])
  })

  it('reports an answer that is not Huma JSON as UNEXPECTED_RESPONSE with its status', async () => {
    const proxy = (async () => new Response('<html>Bad Gateway</html>', { status: 502 })) as typeof fetch
    const error = await failure(client('k', { fetch: proxy, retries: 0 }).verify('user_1'))
    expect([error.status, error.code]).toEqual([502, 'UNEXPECTED_RESPONSE'])
  })
})

describe('Huma client retries', () => {
  it('retries 503 with backoff and succeeds once the store is back', async () => {
    const { key } = await t.key()
    faults.failNext(2)
    const counter = countingFetch()
    const result = await client(key, { retries: 3, fetch: counter.fetch }).verify('user_1')
    expect(result.pii_stored).toBe(false)
    expect(counter.calls).toBe(3)
  })

  it('gives up after the configured retries and says how many attempts it made', async () => {
    const { key } = await t.key()
    faults.failNext(100)
    const counter = countingFetch()
    const error = await failure(client(key, { retries: 2, fetch: counter.fetch }).verify('user_1'))
    expect([error.code, error.attempts, counter.calls]).toEqual(['SERVICE_UNAVAILABLE', 3, 3])
  })

  it('stops retrying when the total time bound would be passed', async () => {
    const { key } = await t.key()
    faults.failNext(1000)
    const counter = countingFetch()
    const options = {
      retries: 1000,
      retryBaseDelayMs: 50,
      retryMaxDelayMs: 50,
      maxRetryTimeMs: 300,
      fetch: counter.fetch,
    }
    const error = await failure(client(key, options).verify('user_1'))
    expect(error.code).toBe('SERVICE_UNAVAILABLE')
    expect(counter.calls).toBeLessThan(1000)
  })

  it('retries network errors and then reports NETWORK_ERROR with status 0', async () => {
    const closed = await serveApp(t.app)
    await closed.close()
    const counter = countingFetch()
    const huma = new Huma('k', { ...fast, baseUrl: closed.url, retries: 2, fetch: counter.fetch })
    const error = await failure(huma.verify('user_1'))
    expect([error.status, error.code, counter.calls]).toEqual([0, 'NETWORK_ERROR', 3])
  })

  it('never retries a 4xx', async () => {
    const counter = countingFetch()
    const error = await failure(
      client(`huma_live_${'a'.repeat(32)}`, { retries: 5, fetch: counter.fetch }).verify('u'),
    )
    expect([error.status, error.attempts, counter.calls]).toEqual([401, 1, 1])
  })

  it('does not retry a 429 unless asked', async () => {
    const { key } = await t.key('tiny')
    for (let i = 0; i < 5; i++) await client(key).verify(`user_${i}`)
    const counter = countingFetch()
    const error = await failure(client(key, { retries: 5, fetch: counter.fetch }).verify('user_6'))
    expect([error.code, counter.calls]).toEqual(['BURST_LIMIT_EXCEEDED', 1])
  })

  it('with retryOn429, waits out a burst Retry-After that fits in the time bound and tries again', async () => {
    const { key } = await t.key()
    let calls = 0
    const burstOnce = ((input, init) => {
      calls++
      if (calls > 1) return fetch(input, init)
      const body = JSON.stringify({ error: 'BURST_LIMIT_EXCEEDED', message: 'slow down' })
      return Promise.resolve(new Response(body, { status: 429, headers: { 'Retry-After': '1' } }))
    }) as typeof fetch
    const result = await client(key, { retryOn429: true, fetch: burstOnce }).verify('user_1')
    expect(result.pii_stored).toBe(false)
    expect(calls).toBe(2)
  })

  it('with retryOn429, gives up at once when the Retry-After is longer than the time bound', async () => {
    const { key } = await t.key('tiny')
    for (let i = 0; i < 5; i++) await client(key).verify(`user_${i}`)
    const counter = countingFetch()
    const huma = client(key, { retryOn429: true, maxRetryTimeMs: 2000, fetch: counter.fetch })
    const error = await failure(huma.verify('user_6'))
    expect([error.code, error.retryAfter, counter.calls]).toEqual(['BURST_LIMIT_EXCEEDED', 60, 1])
  })

  it('aborts an attempt after timeoutMs and reports TIMEOUT with status 0', async () => {
    const { key } = await t.key()
    faults.stall(500)
    const error = await failure(client(key, { timeoutMs: 50, retries: 0 }).verify('user_1'))
    expect([error.status, error.code]).toEqual([0, 'TIMEOUT'])
  })

  it('draws each backoff uniformly below a cap that doubles per attempt up to the maximum', () => {
    const policy = { retries: 10, baseDelayMs: 100, maxDelayMs: 1000, retryOn429: false }
    const unavailable = new HumaError({ status: 503, code: 'SERVICE_UNAVAILABLE', message: '' })
    const almostOne = () => 0.9999
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(policy, unavailable, n, almostOne))).toEqual([
      99, 199, 399, 799, 999,
    ])
    expect(retryDelay(policy, unavailable, 3, () => 0)).toBe(0)
    expect(retryDelay(policy, unavailable, 11, almostOne)).toBeNull()
  })
})

describe('Huma client verifyToken', () => {
  it('confirms a token from verify, and whether it was issued for a given user', async () => {
    const { key } = await t.key()
    const huma = client(key)
    const { token, human, confidence } = await huma.verify('user_1', { action: 'login' })
    const mine = await huma.verifyToken(token, 'user_1')
    expect(mine.valid).toBe(true)
    expect(mine.claims).toMatchObject({ human, confidence, action: 'login' })
    expect(mine.user_match).toBe(true)
    expect((await huma.verifyToken(token, 'user_2')).user_match).toBe(false)
    expect((await huma.verifyToken(token)).user_match).toBeNull()
  })

  it('says a forged token is not valid, with a reason', async () => {
    const { key } = await t.key()
    const answer = await client(key).verifyToken('eyJhbGciOiJFUzI1NiJ9.e30.c2ln')
    expect(answer.valid).toBe(false)
    expect(answer.reason).toBe('MALFORMED')
  })

  it('answers valid: false for a token whose key has been revoked since (key_revoked: true)', async () => {
    const claims = {
      human: true,
      confidence: 0.9,
      key_id: 'key_1',
      sandbox: false,
      action: null,
      issued_at: '2026-11-10T12:00:00.000Z',
      expires_at: '2027-11-10T12:00:00.000Z',
    }
    // the server's answer for a revoked key's token, as docs/api.md describes it
    const answer = { valid: true, claims, user_match: null, key_revoked: true }
    const huma = new Huma('huma_live_' + 'a'.repeat(32), {
      baseUrl: 'http://huma.test',
      fetch: () => Promise.resolve(Response.json(answer)),
    })
    expect(await huma.verifyToken('t.o.k')).toEqual({ ...answer, valid: false, reason: 'KEY_REVOKED' })
  })
})

describe('Huma client outside Node', () => {
  it('bundles for browsers and edge runtimes without zod or any node: module', async () => {
    const { build } = await import('esbuild')
    const result = await build({
      entryPoints: [join(ROOT, 'sdk/node.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      minify: true,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]!.text
    expect(code).not.toMatch(/zod|node:|require\(/)
    expect(code.length).toBeLessThan(8_000)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 10, 12, 0, 0)
    expect(parseRetryAfter('7', now)).toBe(7)
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30)
    expect(parseRetryAfter(null, now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
  })
})

describe('Huma client form field', () => {
  it("reads the field the snippet fills (the published package keeps its own copy of shared/form.ts's name)", async () => {
    const { SIGNALS_FIELD: sdkField } = await import('../sdk/hono.ts')
    const { SIGNALS_FIELD: snippetField } = await import('../shared/form.ts')
    expect(sdkField).toBe(snippetField)
  })
})
