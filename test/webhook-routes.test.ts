/**
 * The webhook admin routes: configuration, the delivery log and redelivery, in the VerifyYou contract's
 * shape, under API-KEY or Bearer; through app.request() and over real HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WEBHOOK_ADMIN_PATHS as PATHS } from '../shared/contracts/verifyyou.ts'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { serveApp } from './helpers/http.ts'
import { startReceiver, type Receiver } from './helpers/receiver.ts'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let t: TestApp
let webhooks: Webhooks
let key: string
let keyId: string
let receiver: Receiver

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huma-whr-'))
  const store = openEmbeddedStore(dir)
  const clock = { now: Date.UTC(2026, 11, 6, 12, 0, 0) }
  webhooks = createWebhooks({ store, now: () => clock.now, devMode: true, random: () => 0.5 })
  t = await makeTestApp({ store, webhooks, now: () => clock.now })
  t.clock.now = clock.now
  Object.defineProperty(clock, 'now', { get: () => t.clock.now })
  ;({ key, id: keyId } = await t.key('roomy'))
  receiver = await startReceiver()
})
afterEach(async () => {
  await receiver.close()
  await t.close()
})

const call = (path: string, body: unknown, headers: Record<string, string> = { 'API-KEY': key }) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const configure = (url = receiver.url) =>
  call(PATHS.createOrEdit, { webhook_type: 'USER_VERIFICATION_COMPLETED', destination_url: url })

describe('webhook configuration', () => {
  it('creates the destination with a whsec_ secret shown once; an edit keeps the secret and shows none', async () => {
    const res = await configure()
    expect(res.status).toBe(200)
    expect(res.headers.get('X-RateLimit-Limit')).toMatch(/^\d+$/)
    const created = (await res.json()) as Record<string, unknown>
    expect(created).toEqual({
      status: 'success',
      created: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      webhook: {
        webhook_type: 'USER_VERIFICATION_COMPLETED',
        destination_url: receiver.url,
        enabled: true,
        disabled_at: null,
        consecutive_failures: 0,
        created_at: '2026-12-06T12:00:00.000Z',
        updated_at: '2026-12-06T12:00:00.000Z',
      },
    })
    const edited = await (await configure(`${receiver.url}/v2`)).json()
    expect(edited).toMatchObject({
      status: 'success',
      created: false,
      webhook: { destination_url: `${receiver.url}/v2` },
    })
    expect(edited).not.toHaveProperty('secret')
    const stored = await webhooks.store.destination(keyId, 'USER_VERIFICATION_COMPLETED')
    expect(stored!.secret).toBe(created.secret)
  })

  it('takes the key as Authorization: Bearer too', async () => {
    const res = await call(PATHS.list, {}, { Authorization: `Bearer ${key}` })
    expect(await res.json()).toEqual({ status: 'success', webhooks: [] })
  })

  it.each([
    [{}, 401, 'MISSING_AUTH'],
    [{ 'API-KEY': 'nope' }, 401, 'INVALID_API_KEY_FORMAT'],
    [{ 'API-KEY': `huma_live_${'A'.repeat(32)}` }, 401, 'INVALID_API_KEY'],
  ])('refuses %j with %i %s in the contract shape', async (headers, status, code) => {
    const res = await call(PATHS.list, {}, headers)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({
      status: 'failure',
      failure_code: code,
      failure_reason: expect.any(String),
    })
  })

  it.each([
    [{ destination_url: 'https://hooks.example.com/' }, 'Missing required field: webhook_type'],
    [
      { webhook_type: 'SOMETHING_ELSE', destination_url: 'https://a.example/' },
      'Invalid field: webhook_type must be one of the documented values',
    ],
    [{ webhook_type: 'USER_VERIFICATION_COMPLETED' }, 'Missing required field: destination_url'],
    [
      { webhook_type: 'USER_VERIFICATION_COMPLETED', destination_url: 'https://169.254.169.254/latest' },
      'Invalid field: destination_url must not point at a private, link-local or reserved address',
    ],
    [
      { webhook_type: 'USER_VERIFICATION_COMPLETED', destination_url: 'ftp://a.example/' },
      'Invalid field: destination_url must be https',
    ],
    ['{not json', 'The request body must be JSON'],
  ])('answers INVALID_REQUEST naming the field for %j', async (body, reason) => {
    const res = await call(PATHS.createOrEdit, body)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      status: 'failure',
      failure_code: 'INVALID_REQUEST',
      failure_reason: reason,
    })
  })

  it('lists, rotates and deletes the key’s own destination only', async () => {
    const first = (await (await configure()).json()) as { secret: string }
    const other = await t.key('roomy')
    expect(await (await call(PATHS.list, {}, { 'API-KEY': other.key })).json()).toEqual({
      status: 'success',
      webhooks: [],
    })
    const listed = (await (await call(PATHS.list, '')).json()) as { webhooks: object[] }
    expect(listed.webhooks).toHaveLength(1)
    expect(JSON.stringify(listed)).not.toContain('whsec_')

    const type = { webhook_type: 'USER_VERIFICATION_COMPLETED' }
    const rotated = (await (await call(PATHS.rotateSecret, type)).json()) as {
      status: string
      secret: string
    }
    expect(rotated.status).toBe('success')
    expect(rotated.secret).toMatch(/^whsec_/)
    expect(rotated.secret).not.toBe(first.secret)
    const elsewhere = await call(PATHS.rotateSecret, type, { 'API-KEY': other.key })
    expect(elsewhere.status).toBe(404)
    expect(await elsewhere.json()).toMatchObject({ failure_code: 'DOES_NOT_EXIST' })

    expect(await (await call(PATHS.delete, type)).json()).toEqual({ status: 'success' })
    const again = await call(PATHS.delete, type)
    expect(again.status).toBe(404)
    expect(await again.json()).toEqual({
      status: 'failure',
      failure_code: 'DOES_NOT_EXIST',
      failure_reason: 'No webhook is configured for webhook_type USER_VERIFICATION_COMPLETED',
    })
  })
})

describe('the delivery log and redelivery', () => {
  it('shows each delivery’s status, attempts, last error and next attempt, and redelivers on request', async () => {
    await configure()
    receiver.answer = (_req, res) => void res.writeHead(503).end()
    const id = await webhooks.outbox.enqueue('USER_VERIFICATION_COMPLETED', keyId, {
      user_id: 'bcu_1',
      reference_user_id: 'user_123',
      has_connection: true,
    })
    await webhooks.worker.runOnce()
    const log = await (await call(PATHS.deliveries, {})).json()
    expect(log).toEqual({
      status: 'success',
      deliveries: [
        {
          webhook_id: id,
          webhook_type: 'USER_VERIFICATION_COMPLETED',
          status: 'pending',
          attempts: 1,
          last_error: 'answered 503',
          last_status_code: 503,
          last_attempt_at: '2026-12-06T12:00:00.000Z',
          next_attempt_at: '2026-12-06T12:00:05.000Z',
          created_at: '2026-12-06T12:00:00.000Z',
        },
      ],
    })
    receiver.answer = (_req, res) => void res.writeHead(200).end()
    const redelivered = (await (await call(PATHS.redeliver, { webhook_id: id })).json()) as {
      queued: boolean
      delivery: { next_attempt_at: string }
    }
    expect(redelivered.queued).toBe(true)
    expect(redelivered.delivery.next_attempt_at).toBe('2026-12-06T12:00:00.000Z')
    await webhooks.worker.runOnce()
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([id, id])
    const after = (await (
      await call(PATHS.deliveries, { webhook_type: 'USER_VERIFICATION_COMPLETED', limit: 5 })
    ).json()) as {
      deliveries: { status: string; attempts: number }[]
    }
    expect(after.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 })

    const other = await t.key('roomy')
    const foreign = await call(PATHS.redeliver, { webhook_id: id }, { 'API-KEY': other.key })
    expect(foreign.status).toBe(404)
    expect(await (await call(PATHS.deliveries, {}, { 'API-KEY': other.key })).json()).toEqual({
      status: 'success',
      deliveries: [],
    })
    const bad = await call(PATHS.redeliver, { webhook_id: '../../etc' })
    expect(await bad.json()).toMatchObject({
      failure_code: 'INVALID_REQUEST',
      failure_reason: 'Invalid field: webhook_id',
    })
  })

  it('answers over real HTTP with the same bodies and the rate-limit headers', async () => {
    const served = await serveApp(t.app)
    try {
      const res = await fetch(served.url + PATHS.createOrEdit, {
        method: 'POST',
        headers: { 'API-KEY': key, 'Content-Type': 'application/json' },
        body: JSON.stringify({ webhook_type: 'USER_VERIFICATION_COMPLETED', destination_url: receiver.url }),
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('X-RateLimit-Remaining')).toMatch(/^\d+$/)
      expect(await res.json()).toMatchObject({ status: 'success', created: true })
      const missing = await fetch(served.url + PATHS.list, { method: 'POST' })
      expect(missing.status).toBe(401)
      expect(await missing.json()).toMatchObject({ status: 'failure', failure_code: 'MISSING_AUTH' })
    } finally {
      await served.close()
    }
  })
})
