import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { defineSlice } from '../server/store/slice.ts'
import { StoreUnavailableError, type Store } from '../server/store/types.ts'
import { openRedisStore } from '../server/store/redis.ts'
import { enqueueInMulti, enqueueInSqlite } from '../server/webhooks/outbox.ts'
import { openWebhookStore } from '../server/webhooks/store/index.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

/** The store's raw connection, as a slice of a feature gets it (for the caller's own transaction). */
type Handle = { kind: 'embedded'; db: Database } | { kind: 'redis'; redis: Redis; prefix: string }
const handleSlice = defineSlice<{ handle: Handle }>({
  name: 'test-handle',
  embedded: (db) => ({ handle: { kind: 'embedded', db: db.db } }),
  redis: (r) => ({ handle: { kind: 'redis', redis: r.redis, prefix: r.prefix } }),
})
const handleOf = (store: Store): Handle => store.slice(handleSlice).handle
import { event, webhookStoreContract, type OpenedSlice } from './contracts/webhooks.ts'

function embedded(): OpenedSlice {
  const dir = mkdtempSync(join(tmpdir(), 'huma-wh-'))
  const store = openEmbeddedStore(dir)
  const handle = handleOf(store)
  if (handle?.kind !== 'embedded') throw new Error('no handle')
  return {
    slice: openWebhookStore(store),
    enqueueInTransaction: async (e) => handle.db.transaction(() => enqueueInSqlite(handle.db, e))(),
    close: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

webhookStoreContract('embedded', async () => embedded())

describe('the embedded outbox', () => {
  it('writes nothing when the caller’s transaction rolls back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-wh-'))
    const store = openEmbeddedStore(dir)
    const handle = handleOf(store)
    if (handle?.kind !== 'embedded') throw new Error('no handle')
    const e = event()
    expect(() =>
      handle.db.transaction(() => {
        enqueueInSqlite(handle.db, e)
        throw new Error('the state change failed')
      })(),
    ).toThrow('the state change failed')
    const slice = openWebhookStore(store)
    expect(await slice.claim(e.createdAt + 1, 1000, 10)).toEqual([])
    handle.db.transaction(() => enqueueInSqlite(handle.db, e))()
    expect((await slice.claim(e.createdAt + 1, 1000, 10)).map((c) => c.delivery.id)).toEqual([e.id])
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('fails as the store does, with StoreUnavailableError, once the store is closed', async () => {
    const o = embedded()
    await o.slice.destinations('key_a')
    await o.close()
    await expect(o.slice.destinations('key_a')).rejects.toBeInstanceOf(StoreUnavailableError)
  })

  it('sweeps deliveries created before the retention cut, and only those', async () => {
    const o = embedded()
    const old = event({ createdAt: 1000 })
    const recent = event()
    await o.slice.insert(old)
    await o.slice.insert(recent)
    expect(await o.slice.sweep(recent.createdAt)).toBe(1)
    expect((await o.slice.deliveries('key_a', 10)).map((d) => d.id)).toEqual([recent.id])
    await o.close()
  })
})

const available = redisAvailable()
let server: TestRedis | undefined
beforeAll(async () => {
  if (available) server = await startRedis()
}, 20_000)
afterAll(async () => server?.dispose())

let prefixes = 0
const prefixOf = new WeakMap<OpenedSlice, string>()
function redis(prefix = `wh${++prefixes}:`): OpenedSlice {
  const store = openRedisStore(server!.url, { clock: 'caller', prefix })
  const handle = handleOf(store)
  if (handle?.kind !== 'redis') throw new Error('no handle')
  const opened: OpenedSlice = {
    slice: openWebhookStore(store),
    enqueueInTransaction: async (e) => {
      const multi = handle.redis.multi()
      enqueueInMulti(multi, handle.prefix, e)
      await multi.exec()
    },
    close: () => store.close(),
  }
  prefixOf.set(opened, prefix)
  return opened
}

describe.runIf(available)('redis', () => {
  webhookStoreContract(
    'redis',
    async () => {
      const o = redis()
      await o.slice.destinations('warm-up')
      return o
    },
    async (one) => redis(prefixOf.get(one)),
  )
})
