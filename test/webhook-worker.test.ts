/**
 * The worker against a real local receiver: the Standard Webhooks signature (checked with the independent
 * `standardwebhooks` package), the published retry schedule with jitter, Retry-After, 410, redirects,
 * timeouts and disabling, on an injected clock.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import type { Store } from '../server/store/types.ts'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { RETRY_DELAYS_MS } from '../server/webhooks/schedule.ts'
import { DISABLE_AFTER } from '../server/webhooks/worker.ts'
import { startReceiver, type Receiver } from './helpers/receiver.ts'

const DATA = {
  user_id: 'bcu_123',
  reference_user_id: 'user_123',
  has_connection: true,
  simple_data_request_response: { humanness_score: 97, fulfillment_time_s: 12 },
}

let dir: string
let store: Store
let receiver: Receiver
let clock: { now: number }
let random: number
let webhooks: Webhooks

function make(options: { timeoutMs?: number } = {}) {
  return createWebhooks({
    store,
    now: () => clock.now,
    random: () => random,
    devMode: true,
    worker: { timeoutMs: options.timeoutMs ?? 5_000 },
  })
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huma-whw-'))
  store = openEmbeddedStore(dir)
  receiver = await startReceiver()
  clock = { now: Date.now() }
  random = 0.5
  webhooks = make()
})
afterEach(async () => {
  vi.useRealTimers()
  await receiver.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function destination(url = receiver.url) {
  const { destination } = await webhooks.store.putDestination({
    keyId: 'key_a',
    type: 'USER_VERIFICATION_COMPLETED',
    url,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    now: clock.now,
  })
  return destination
}

const enqueue = () => webhooks.outbox.enqueue('USER_VERIFICATION_COMPLETED', 'key_a', DATA)
const log = async (id: string) => (await webhooks.store.delivery('key_a', id))!

/** standardwebhooks checks the timestamp against its own clock: it runs at the attempt's time */
function verifyAt(secret: string, at: number, received: { body: string; headers: Record<string, unknown> }) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at)
  try {
    return new Webhook(secret).verify(received.body, received.headers as Record<string, string>)
  } finally {
    vi.useRealTimers()
  }
}

describe('webhook delivery', () => {
  it('posts the event signed to the Standard Webhooks spec, and logs it delivered', async () => {
    const dest = await destination()
    const id = await enqueue()
    expect(await webhooks.worker.runOnce()).toBe(1)
    expect(receiver.received).toHaveLength(1)
    const got = receiver.received[0]!
    expect(got.headers['webhook-id']).toBe(id)
    expect(got.headers['content-type']).toBe('application/json')
    expect(got.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now / 1000)))
    expect(verifyAt(dest.secret, clock.now, got)).toEqual({
      type: 'USER_VERIFICATION_COMPLETED',
      timestamp: new Date(clock.now).toISOString(),
      data: DATA,
    })
    expect(() => verifyAt('whsec_' + Buffer.alloc(32, 7).toString('base64'), clock.now, got)).toThrow()
    expect(await log(id)).toMatchObject({ status: 'delivered', attempts: 1, nextAt: null, lastStatus: 204 })
    expect(await webhooks.worker.runOnce()).toBe(0)
  })

  it('retries on the published schedule (at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) with the same id and a fresh signature each time, then gives up', async () => {
    const dest = await destination()
    receiver.answer = (_req, res) => void res.writeHead(503).end()
    const id = await enqueue()
    const attemptTimes: number[] = []
    for (let attempt = 1; attempt <= 8; attempt++) {
      attemptTimes.push(clock.now)
      expect(await webhooks.worker.runOnce()).toBe(1)
      const row = await log(id)
      expect(row.attempts).toBe(attempt)
      if (attempt < 8) {
        expect(row).toMatchObject({ status: 'pending', lastStatus: 503, lastError: 'answered 503' })
        expect(row.nextAt! - clock.now).toBe(RETRY_DELAYS_MS[attempt - 1])
        clock.now += RETRY_DELAYS_MS[attempt - 1]! - 1
        expect(await webhooks.worker.runOnce()).toBe(0) // not a millisecond early
        clock.now += 1
      } else expect(row).toMatchObject({ status: 'failed', nextAt: null })
    }
    expect(RETRY_DELAYS_MS).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ])
    expect(receiver.received).toHaveLength(8)
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([id]))
    expect(new Set(receiver.received.map((r) => r.headers['webhook-signature'])).size).toBe(8)
    receiver.received.forEach((got, i) =>
      expect(verifyAt(dest.secret, attemptTimes[i]!, got)).toMatchObject({
        type: 'USER_VERIFICATION_COMPLETED',
        data: DATA,
      }),
    )
    clock.now += 100 * 3_600_000
    expect(await webhooks.worker.runOnce()).toBe(0)
  })

  it('spreads retries by up to 10% either way', async () => {
    await destination()
    receiver.answer = (_req, res) => void res.writeHead(500).end()
    const spread: number[] = []
    for (const r of [0, 1]) {
      random = r
      const id = await enqueue()
      await webhooks.worker.runOnce()
      spread.push((await log(id)).nextAt! - clock.now)
    }
    expect(spread).toEqual([4_500, 5_500])
  })

  it('waits as long as Retry-After asks (seconds or a date), never less than the schedule', async () => {
    await destination()
    const asks = ['120', new Date(clock.now + 600_000).toUTCString(), '1']
    const waits: number[] = []
    for (const ask of asks) {
      receiver.answer = (_req, res) => void res.writeHead(429, { 'retry-after': ask }).end()
      const id = await enqueue()
      await webhooks.worker.runOnce()
      waits.push((await log(id)).nextAt! - clock.now)
    }
    expect(waits[0]).toBe(120_000)
    expect(Math.abs(waits[1]! - 600_000)).toBeLessThan(1_000) // an HTTP date has whole seconds
    expect(waits[2]).toBe(5_000)
  })

  it('stops on 410 Gone and disables the destination', async () => {
    await destination()
    receiver.answer = (_req, res) => void res.writeHead(410).end()
    const gone = await enqueue()
    await webhooks.worker.runOnce()
    expect(await log(gone)).toMatchObject({ status: 'gone', attempts: 1, nextAt: null, lastStatus: 410 })
    const dest = await webhooks.store.destination('key_a', 'USER_VERIFICATION_COMPLETED')
    expect(dest!.disabledAt).toBe(clock.now)
    const next = await enqueue()
    await webhooks.worker.runOnce()
    expect(await log(next)).toMatchObject({ status: 'disabled', attempts: 0 })
    expect(receiver.received).toHaveLength(1)
  })

  it('counts a redirect as a failure and never follows it', async () => {
    await destination()
    receiver.answer = (req, res) =>
      void (req.path === '/hooks'
        ? res.writeHead(307, { location: '/elsewhere' }).end()
        : res.writeHead(200).end())
    const id = await enqueue()
    await webhooks.worker.runOnce()
    expect(receiver.received.map((r) => r.path)).toEqual(['/hooks'])
    expect(await log(id)).toMatchObject({
      status: 'pending',
      lastStatus: 307,
      lastError: 'answered 307: redirects are not followed',
    })
  })

  it('gives up on an attempt that gets no answer in time, and schedules the next', async () => {
    webhooks = make({ timeoutMs: 300 })
    await destination()
    receiver.answer = () => 'hang'
    const id = await enqueue()
    await webhooks.worker.runOnce()
    expect(receiver.received).toHaveLength(1)
    expect(await log(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: null,
      lastError: 'no answer within 0.3 s',
    })
  })

  it('counts any other 2xx as delivered and a connection refused as a failure', async () => {
    await destination()
    receiver.answer = (_req, res) => void res.writeHead(202).end('queued')
    const ok = await enqueue()
    await webhooks.worker.runOnce()
    expect((await log(ok)).status).toBe('delivered')
    await receiver.close()
    const refused = await enqueue()
    await webhooks.worker.runOnce()
    expect(await log(refused)).toMatchObject({
      status: 'pending',
      lastError: 'could not connect: ECONNREFUSED',
    })
  })

  it(`disables a destination after ${DISABLE_AFTER.failures} failures in a row spanning a day, and sends nothing more to it`, async () => {
    await destination()
    receiver.answer = (_req, res) => void res.writeHead(500).end()
    for (let i = 0; i < DISABLE_AFTER.failures; i++) await enqueue()
    await webhooks.worker.runOnce()
    let dest = await webhooks.store.destination('key_a', 'USER_VERIFICATION_COMPLETED')
    expect(dest).toMatchObject({ failures: DISABLE_AFTER.failures, disabledAt: null })
    clock.now += DISABLE_AFTER.ms
    const last = await enqueue()
    await webhooks.worker.runOnce()
    dest = await webhooks.store.destination('key_a', 'USER_VERIFICATION_COMPLETED')
    expect(dest!.disabledAt).toBe(clock.now)
    const sent = receiver.received.length
    clock.now += 3_600_000
    await webhooks.worker.runOnce()
    expect(receiver.received).toHaveLength(sent)
    // every delivery still waiting for a retry settles as disabled when it comes due, unsent
    expect(await log(last)).toMatchObject({ status: 'disabled', attempts: 1 })
    const logs = await webhooks.store.deliveries('key_a', 100)
    expect(logs.map((d) => d.status)).toEqual(Array(DISABLE_AFTER.failures + 1).fill('disabled'))
  })

  it('signs each attempt with the secret current at that attempt (after a rotation)', async () => {
    await destination()
    receiver.answer = (_req, res) => void res.writeHead(503).end()
    await enqueue()
    await webhooks.worker.runOnce()
    const rotated = await webhooks.store.rotateSecret(
      'key_a',
      'USER_VERIFICATION_COMPLETED',
      'whsec_' + Buffer.alloc(32, 9).toString('base64'),
      clock.now,
    )
    receiver.answer = (_req, res) => void res.writeHead(204).end()
    clock.now += 5_000
    await webhooks.worker.runOnce()
    expect(verifyAt(rotated!.secret, clock.now, receiver.received[1]!)).toMatchObject({
      type: 'USER_VERIFICATION_COMPLETED',
      data: DATA,
    })
    expect(() => verifyAt(rotated!.secret, clock.now - 5_000, receiver.received[0]!)).toThrow()
  })

  it('keeps delivering while one destination hangs: a slow attempt holds one slot, not the next pass', async () => {
    webhooks = make({ timeoutMs: 3_000 })
    await destination()
    receiver.answer = () => 'hang'
    const other = await startReceiver()
    try {
      await webhooks.store.putDestination({
        keyId: 'key_b',
        type: 'USER_VERIFICATION_COMPLETED',
        url: other.url,
        secret: 'whsec_AAAA',
        now: clock.now,
      })
      await enqueue()
      expect(await webhooks.worker.tick()).toBe(1)
      const quick = await webhooks.outbox.enqueue('USER_VERIFICATION_COMPLETED', 'key_b', DATA)
      const started = Date.now()
      expect(await webhooks.worker.tick()).toBe(1)
      while ((await webhooks.store.delivery('key_b', quick))!.status !== 'delivered') {
        expect(Date.now() - started).toBeLessThan(2_000)
        await new Promise((r) => setTimeout(r, 20))
      }
      expect(receiver.received).toHaveLength(1) // still hanging
      await webhooks.worker.drain()
      expect((await webhooks.store.deliveries('key_a', 1))[0]).toMatchObject({
        lastError: 'no answer within 3 s',
      })
    } finally {
      await other.close()
    }
  })

  it('sends nothing when the key has no destination for the type, and says so in the log', async () => {
    const id = await enqueue()
    await webhooks.worker.runOnce()
    expect(receiver.received).toEqual([])
    expect(await log(id)).toMatchObject({ status: 'no_destination', attempts: 0 })
  })
})
