/**
 * The Redis store: every piece of shared state in one Redis (redis-client.ts), so any number of
 * instances behind a load balancer share keys, limits, monthly usage, replay digests, signing keys and
 * secrets. Each check-and-count is one Lua script, kept with its slice. Layout and TTLs:
 * docs/operations.md.
 */
import { composeStore } from './core.ts'
import { connectRedis, type RedisStoreOptions } from './redis-client.ts'
import { sliceHost } from './slice.ts'
import type { Store } from './types.ts'

export type { RedisStoreOptions } from './redis-client.ts'
export { USAGE_RETENTION_MS } from '../limits/usage-store.ts'

export function openRedisStore(url: string, options: RedisStoreOptions = {}): Store {
  const handle = connectRedis(url, options)
  return composeStore(
    sliceHost(handle, (def, redis) => def.redis(redis)),
    { kind: 'redis', shared: true, ping: handle.ping, close: handle.close },
  )
}
