/**
 * Enrolment and trust on two instances sharing one Redis: a user enrolled through one is verified on the
 * other; many reads racing on both instances announce a score change once; a revocation on one holds on
 * the other; and nothing in Redis names the user.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUserHasher } from '../server/secrets/user-hash.ts'
import { openRedisStore } from '../server/store/redis.ts'
import { trustSlice } from '../server/trust/store.ts'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { storeSealer } from '../server/webhooks/seal.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { hostedCheck } from './helpers/enrol.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'
import { wanderingPointer } from './helpers/traces.ts'

const available = redisAvailable()
let server: TestRedis | undefined
let a: TestApp
let b: TestApp
let webhooks: Webhooks
beforeAll(async () => {
  if (!available) return
  server = await startRedis()
  const storeA = openRedisStore(server.url, { prefix: 'tr:' })
  webhooks = createWebhooks({ store: storeA, now: () => a.clock.now })
  a = await makeTestApp({ store: storeA, webhooks })
  b = await makeTestApp({ store: openRedisStore(server.url, { prefix: 'tr:' }) })
  b.clock = a.clock
}, 20_000)
afterAll(async () => {
  await a?.close()
  await b?.close()
  await server?.dispose()
})

const call = (t: TestApp, method: string, path: string, key: string, body?: unknown) =>
  t.request(path, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

async function typesOf(keyId: string, type?: string) {
  const sealer = await storeSealer(a.store)
  return (await webhooks.store.deliveries(keyId, 100))
    .map((d) => JSON.parse(sealer.open(d.sealedBody)!) as { type: string; data: Record<string, unknown> })
    .filter((e) => type === undefined || e.type === type)
}

describe.runIf(available)('enrolment and trust on two instances sharing Redis', () => {
  it('enrols on one instance, verifies and revokes on the other, and holds on both', async () => {
    const { key, id } = await a.key('roomy', { mode: 'test' })
    await hostedCheck(a, key, 'redis_user')
    const verified = await (await call(b, 'POST', '/v1/verify', key, { user_id: 'redis_user' })).json()
    expect(verified).toMatchObject({ verified: true, trust_score: 55, enrollment_active: true })
    expect((await call(b, 'POST', '/v1/enrollment/revoke', key, { user_id: 'redis_user' })).status).toBe(200)
    expect(await (await call(a, 'POST', '/v1/verify', key, { user_id: 'redis_user' })).json()).toMatchObject({
      verified: false,
      reason: 'no_enrollment',
    })
    expect((await call(a, 'POST', '/v1/enrollment/revoke', key, { user_id: 'redis_user' })).status).toBe(404)
    expect((await typesOf(id, 'enrollment.created')).length).toBe(1)
    expect((await typesOf(id, 'enrollment.revoked')).length).toBe(1)
    expect((await typesOf(id, 'verification.completed')).length).toBe(2)
  })

  it('announces a score change once, however many reads race for it on both instances', async () => {
    const { key: other, id: otherId } = await a.key('roomy', { mode: 'test' })
    await a.verify(other, { userId: 'racer', signals: wanderingPointer(8) })
    // the verdict is noted after verify answers; a passer-by's score change waits for a read
    const hash = (await createUserHasher(a.store))(otherId, 'racer')
    await expect
      .poll(async () => (await a.store.slice(trustSlice).get(otherId, hash))?.lastHumanAt)
      .toBe(a.clock.now)
    expect(await typesOf(otherId)).toEqual([])
    const reads = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(i % 2 ? a : b, 'GET', '/v1/trust/racer', other)),
    )
    expect(reads.map((r) => r.status)).toEqual(Array(12).fill(200))
    const changed = await typesOf(otherId, 'trust.changed')
    expect(changed.map((e) => e.data)).toEqual([{ user_id: 'racer', trust_score: 20, previous_score: 0 }])
  })

  it('keeps no user id in Redis: keys and values hold keyed hashes and times', async () => {
    const { key } = await a.key('roomy', { mode: 'test' })
    await hostedCheck(a, key, 'dora.private@example.org')
    await call(b, 'POST', '/v1/verify', key, { user_id: 'dora.private@example.org', action: 'post' })
    await call(b, 'GET', `/v1/trust/${encodeURIComponent('dora.private@example.org')}`, key)
    const redis = new Redis(server!.url)
    try {
      const keys = await redis.keys('*')
      expect(keys.some((k) => k.startsWith('tr:trust:'))).toBe(true)
      let everything = keys.join('\n')
      for (const k of keys) {
        const type = await redis.type(k)
        if (type === 'hash') everything += JSON.stringify(await redis.hgetall(k))
        else if (type === 'string') everything += (await redis.get(k)) ?? ''
        else if (type === 'zset') everything += (await redis.zrange(k, '0', '-1')).join()
        else if (type === 'set') everything += (await redis.smembers(k)).join()
      }
      expect(everything.toLowerCase()).not.toContain('dora.private')
    } finally {
      redis.disconnect()
    }
  })
})
