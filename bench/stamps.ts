/**
 * `npx tsx bench/stamps.ts`: how many stamps a second the stamps slice appends (count + stamp + log entry,
 * one atomic step; server/stamps/store.ts) on the embedded store and on Redis, one instance and two
 * sharing it, 50 in flight. Not part of `npm run bench` (its results file has no place for it yet);
 * prints one line per case.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { newStampId } from '../server/stamps/service.ts'
import { stampsSlice } from '../server/stamps/store.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { openRedisStore } from '../server/store/redis.ts'
import type { Store } from '../server/store/types.ts'
import { redisAvailable, startRedis } from '../test/helpers/redis.ts'

const IN_FLIGHT = 50

async function appendRate(stores: Store[], total: number): Promise<number> {
  let made = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, i) => {
      const stamps = stores[i % stores.length]!.slice(stampsSlice)
      while (made < total) {
        made++
        await stamps.create({
          stamp: {
            id: newStampId(),
            keyId: 'key_bench',
            contentHash: 'a'.repeat(64),
            type: 'text',
            creator: 'creator',
            trustScore: 90,
            createdAt: Date.now(),
          },
          month: '2026-12',
          limit: 1e9,
          event: null,
        })
      }
    }),
  )
  return Math.round((total / (performance.now() - started)) * 1000)
}

const dir = mkdtempSync(join(tmpdir(), 'huma-bench-stamps-'))
const embedded = openEmbeddedStore(dir)
console.log(`embedded: ${await appendRate([embedded], 5000)} stamps/s (${IN_FLIGHT} in flight)`)
await embedded.close()
rmSync(dir, { recursive: true, force: true })

if (redisAvailable()) {
  const redis = await startRedis()
  const a = openRedisStore(redis.url, { prefix: 'b1:' })
  console.log(`redis, 1 instance: ${await appendRate([a], 3000)} stamps/s (${IN_FLIGHT} in flight)`)
  const b = openRedisStore(redis.url, { prefix: 'b2:' })
  const c = openRedisStore(redis.url, { prefix: 'b2:' })
  console.log(
    `redis, 2 instances on one log: ${await appendRate([b, c], 3000)} stamps/s (${IN_FLIGHT} in flight)`,
  )
  await Promise.all([a.close(), b.close(), c.close()])
  await redis.dispose()
}
