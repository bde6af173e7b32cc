/** Opens the hosted slice on the same backing store as the shared Store (its SQLite file or its Redis). */
import { handleOf } from '../../store/handles.ts'
import type { Store } from '../../store/types.ts'
import { openEmbeddedHostedStore } from './embedded.ts'
import { openRedisHostedStore } from './redis.ts'
import type { HostedStore } from './types.ts'

export const HOSTED_STORES = {
  embedded: openEmbeddedHostedStore,
  redis: openRedisHostedStore,
} as const

/** Null when the store has no handle (a stand-in store of a test): the hosted routes are then off. */
export function openHostedStore(store: Store): HostedStore | null {
  const handle = handleOf(store)
  if (!handle) return null
  return handle.kind === 'embedded'
    ? HOSTED_STORES.embedded(handle.db)
    : HOSTED_STORES.redis(handle.redis, handle.prefix)
}
