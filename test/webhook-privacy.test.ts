/**
 * An event names the customer's own user (reference_user_id): the outbox keeps its body sealed, so the
 * id is neither in the SQLite file nor in Redis, and the worker's log lines carry only the webhook-id.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { openRedisStore } from '../server/store/redis.ts'
import type { Store } from '../server/store/types.ts'
import { createWebhooks } from '../server/webhooks/index.ts'
import { startReceiver } from './helpers/receiver.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

const REFERENCE = 'customer-user-8f3a91c2@example.com'

async function deliverOne(store: Store, logs: string[]) {
  const receiver = await startReceiver()
  receiver.answer = (_req, res) => void res.writeHead(500).end()
  const webhooks = createWebhooks({
    store,
    devMode: true,
    log: {
      info: (msg, f) => logs.push(JSON.stringify({ msg, ...f })),
      error: (msg, f) => logs.push(JSON.stringify({ msg, ...f })),
    },
  })
  await webhooks.store.putDestination({
    keyId: 'key_p',
    type: 'USER_VERIFICATION_COMPLETED',
    url: receiver.url,
    secret: 'whsec_AAAA',
    now: Date.now(),
  })
  await webhooks.outbox.enqueue('USER_VERIFICATION_COMPLETED', 'key_p', {
    user_id: 'bcu_p',
    reference_user_id: REFERENCE,
    has_connection: true,
  })
  await webhooks.worker.runOnce()
  await receiver.close()
  // the receiver did get it in the clear: the seal is at rest only
  expect(receiver.received[0]!.body).toContain(REFERENCE)
}

describe('webhook bodies at rest', () => {
  it('never write the reference_user_id into the SQLite files, nor into the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-whp-'))
    const store = openEmbeddedStore(dir)
    const logs: string[] = []
    await deliverOne(store, logs)
    await store.close()
    const files = readdirSync(dir)
    expect(files).toContain('huma.sqlite')
    for (const file of files) expect(readFileSync(join(dir, file)).includes(REFERENCE), file).toBe(false)
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.join('\n')).not.toContain(REFERENCE)
    rmSync(dir, { recursive: true, force: true })
  })
})

const available = redisAvailable()
let redis: TestRedis | undefined
describe.runIf(available)('webhook bodies in Redis', () => {
  beforeAll(async () => {
    redis = await startRedis()
  }, 20_000)
  afterAll(async () => redis?.dispose())

  it('never hold the reference_user_id', async () => {
    const store = openRedisStore(redis!.url, { prefix: 'p:' })
    await deliverOne(store, [])
    await store.close()
    const raw = new Redis(redis!.url)
    const keys = await raw.keys('*')
    expect(keys.some((k) => k.startsWith('p:wh:d:'))).toBe(true)
    for (const key of keys) {
      // the values as stored (DUMP would compress them and hide the text either way)
      const type = await raw.type(key)
      const values =
        type === 'hash'
          ? Object.values(await raw.hgetall(key))
          : type === 'zset'
            ? await raw.zrangebyscore(key, '-inf', '+inf')
            : type === 'set'
              ? await raw.smembers(key)
              : type === 'string'
                ? [String(await raw.get(key))]
                : [`unexpected ${type}`]
      expect(values.join('\n'), key).not.toContain(REFERENCE)
      expect(values.join('\n'), key).not.toContain('unexpected')
    }
    await raw.quit()
  })
})
