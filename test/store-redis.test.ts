import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRedisStore, type RedisStoreOptions } from '../server/store/redis.ts'
import { StoreUnavailableError, type Store } from '../server/store/types.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'
import { storeContract } from './store-contract.ts'

const available = redisAvailable()
let server: TestRedis | undefined
beforeAll(async () => {
  if (available) server = await startRedis()
}, 20_000)
afterAll(async () => server?.dispose())

let prefixes = 0
const prefixOf = new WeakMap<Store, string>()
/** Each store gets its own key prefix: an empty store without flushing the others. */
/** Waits until the store answers a ping again, failing the test after `timeoutMs`. */
async function answersAgain(store: Store, timeoutMs: number): Promise<void> {
  const state = () =>
    store.ping().then(
      () => 'up',
      () => 'down',
    )
  await expect.poll(state, { timeout: timeoutMs, interval: 100 }).toBe('up')
}

function open(options: RedisStoreOptions = {}): Store {
  const prefix = options.prefix ?? `t${++prefixes}:`
  const store = openRedisStore(server!.url, { clock: 'caller', ...options, prefix })
  prefixOf.set(store, prefix)
  return store
}

describe.runIf(available)('redis store', () => {
  // The contract runs on the caller's clock so that it can step time; production uses Redis's.
  storeContract('redis', async () => open(), {
    twin: async (store) => open({ prefix: prefixOf.get(store)! }),
  })

  describe('on the Redis clock', () => {
    it('shares one window between instances whose clocks disagree by an hour', async () => {
      const a = open({ clock: 'redis' })
      const b = open({ clock: 'redis', prefix: prefixOf.get(a)! })
      const now = Date.now()
      const hits = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).hitWindow('w', 7, 60_000, now + (i % 2 ? 3_600_000 : 0)),
        ),
      )
      expect(hits.filter((h) => h.ok)).toHaveLength(7)
      await Promise.all([a.close(), b.close()])
    })

    it('frees a slot once the window has passed in real time', async () => {
      const store = open({ clock: 'redis' })
      expect((await store.hitWindow('w', 1, 300, 0)).ok).toBe(true)
      const refused = await store.hitWindow('w', 1, 300, 0)
      expect(refused.ok).toBe(false)
      expect(refused.resetMs).toBeGreaterThan(0)
      await new Promise((resolve) => setTimeout(resolve, refused.resetMs + 50))
      expect((await store.hitWindow('w', 1, 300, 0)).ok).toBe(true)
      await store.close()
    })
  })

  describe('keys it leaves behind', () => {
    it('gives windows and digests a TTL and monthly usage an expiry after its month', async () => {
      const store = open({ clock: 'redis' })
      const prefix = prefixOf.get(store)!
      await store.hitWindow('flood:k:u', 10, 60_000, 0)
      await store.sightDigest('replay:x', 'sender', 86_400_000, 0)
      await store.reserveMonthly('key_a', '2026-11', 5)
      const raw = new Redis(server!.url)
      const windowTtl = await raw.pttl(`${prefix}win:flood:k:u`)
      const digestTtl = await raw.pttl(`${prefix}digest:replay:x`)
      const usageExpiry = await raw.pexpiretime(`${prefix}usage:2026-11`)
      await raw.quit()
      await store.close()
      expect(windowTtl).toBeGreaterThan(0)
      expect(windowTtl).toBeLessThanOrEqual(60_000)
      expect(digestTtl).toBeGreaterThan(86_000_000)
      expect(digestTtl).toBeLessThanOrEqual(86_400_000)
      expect(usageExpiry).toBeGreaterThan(Date.UTC(2026, 11, 1))
    })
  })

  describe('digests from before first senders were kept', () => {
    it('still counts one as seen, sent by nobody a sighting can be', async () => {
      const T0 = Date.UTC(2026, 10, 1)
      const store = open()
      const raw = new Redis(server!.url)
      await raw.set(`${prefixOf.get(store)!}digest:replay:old`, String(T0 + 60_000), 'PX', 60_000)
      await raw.quit()
      expect(await store.sightDigest('replay:old', 'alice', 60_000, T0)).toEqual({ sender: '', at: 0 })
      expect(await store.sightDigest('replay:old', 'bob', 60_000, T0 + 1)).toEqual({ sender: '', at: 0 })
      await store.close()
    })
  })

  describe('keys from before keys had scopes', () => {
    it('reads one with the default scopes (all but admin) and any origin, and can narrow it', async () => {
      const store = open()
      const prefix = prefixOf.get(store)!
      const raw = new Redis(server!.url)
      // exactly the fields a key was written with before scopes
      await raw.hset(`${prefix}key:key_old`, {
        hash: 'c'.repeat(64),
        mode: 'live',
        plan: 'starter',
        createdAt: '1000',
      })
      await raw.set(`${prefix}key-hash:${'c'.repeat(64)}`, 'key_old')
      await raw.zadd(`${prefix}keys`, 1000, 'key_old')
      await raw.quit()
      expect(await store.findKeyByHash('c'.repeat(64))).toMatchObject({
        id: 'key_old',
        scopes: ['verify', 'hosted', 'stamp', 'trust', 'webhooks'],
        allowedOrigins: [],
      })
      expect(await store.setScopes('key_old', ['verify'])).toBe(true)
      expect((await store.listKeys())[0]).toMatchObject({ id: 'key_old', scopes: ['verify'] })
      await store.close()
    })
  })

  describe('when Redis goes away', () => {
    it('fails with StoreUnavailableError, then serves again once Redis is back, without reopening', async () => {
      const store = open({ clock: 'redis' })
      await store.ping()
      await server!.stop('SIGKILL')
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError)
      await expect(store.hitWindow('w', 5, 1000, 0)).rejects.toBeInstanceOf(StoreUnavailableError)
      await server!.start()
      await answersAgain(store, 10_000)
      expect((await store.hitWindow('w', 5, 1000, 0)).ok).toBe(true)
      await store.close()
    })

    it('gives up on a frozen Redis after the command timeout, and carries on once it thaws', async () => {
      const store = open({ clock: 'redis', commandTimeoutMs: 300 })
      await store.ping()
      server!.pause()
      try {
        await expect(store.hitWindow('w', 5, 1000, 0)).rejects.toBeInstanceOf(StoreUnavailableError)
      } finally {
        server!.resume()
      }
      await answersAgain(store, 5_000)
      await store.close()
    })

    it('fails the first commands within a bounded wait when Redis was never there', async () => {
      const store = openRedisStore('redis://127.0.0.1:1/0', { connectWaitMs: 200 })
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError)
      await store.close()
    })
  })
})
