/**
 * A system's own store slice, declared outside server/store/ as a new system declares one: built from
 * the store it is asked of, on either backend, without touching the Store interface; and measured
 * when the app measures the store.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMetrics } from '../server/metrics/metrics.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { instrumentStore } from '../server/store/instrumented.ts'
import { openRedisStore } from '../server/store/redis.ts'
import { defineSlice } from '../server/store/slice.ts'
import { StoreUnavailableError } from '../server/store/types.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

/** A tally per name: the smallest slice with a table of its own and a write. */
interface TallyStore {
  add(name: string): Promise<number>
}

const tallySlice = defineSlice<TallyStore>({
  name: 'tally',
  embedded: ({ db, write }) => {
    db.exec('CREATE TABLE IF NOT EXISTS test_tally (name TEXT PRIMARY KEY, n INTEGER NOT NULL)')
    const add = db.prepare<[string], { n: number }>(
      'INSERT INTO test_tally (name, n) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1 RETURNING n',
    )
    return { add: (name) => write(() => add.get(name)!.n) }
  },
  redis: ({ redis, prefix, run }) => ({ add: (name) => run(() => redis.incr(`${prefix}tally:${name}`)) }),
})

const dirs: string[] = []
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'huma-slice-'))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('a store slice of its own', () => {
  it('is built once per store and keeps its counts in the embedded file across a restart', async () => {
    const dir = freshDir()
    const store = openEmbeddedStore(dir)
    expect(store.slice(tallySlice)).toBe(store.slice(tallySlice))
    expect(await store.slice(tallySlice).add('a')).toBe(1)
    expect(await store.slice(tallySlice).add('a')).toBe(2)
    expect(await store.slice(tallySlice).add('b')).toBe(1)
    await store.close()
    const reopened = openEmbeddedStore(dir)
    expect(await reopened.slice(tallySlice).add('a')).toBe(3)
    await reopened.close()
  })

  it('fails with StoreUnavailableError once its store is closed', async () => {
    const store = openEmbeddedStore(freshDir())
    const tally = store.slice(tallySlice)
    await store.close()
    await expect(tally.add('a')).rejects.toBeInstanceOf(StoreUnavailableError)
  })

  it('is timed and its failures counted by operation when the app measures the store', async () => {
    const metrics = createMetrics()
    const base = openEmbeddedStore(freshDir())
    const store = instrumentStore(base, metrics)
    expect(store.slice(tallySlice)).toBe(store.slice(tallySlice))
    await store.slice(tallySlice).add('a')
    await store.slice(tallySlice).add('a')
    await base.close()
    await expect(store.slice(tallySlice).add('a')).rejects.toBeInstanceOf(StoreUnavailableError)
    const text = await metrics.registry.metrics()
    expect(text).toContain('huma_store_operation_seconds_count{op="add"} 3')
    expect(text).toContain('huma_store_errors_total{op="add",kind="unavailable"} 1')
  })
})

const available = redisAvailable()
let server: TestRedis | undefined
beforeAll(async () => {
  if (available) server = await startRedis()
}, 20_000)
afterAll(async () => server?.dispose())

describe.runIf(available)('a store slice of its own on Redis', () => {
  it('counts in the shared Redis, seen alike by a second instance', async () => {
    const one = openRedisStore(server!.url, { prefix: 'slice1:' })
    const two = openRedisStore(server!.url, { prefix: 'slice1:' })
    expect(await one.slice(tallySlice).add('a')).toBe(1)
    expect(await two.slice(tallySlice).add('a')).toBe(2)
    await Promise.all([one.close(), two.close()])
  })
})
