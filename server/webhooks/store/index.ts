/** Opens the webhook slice on the connection of the store it sits beside (store/handles.ts). */
import { handleOf } from '../../store/handles.ts'
import { StoreUnavailableError, type Store } from '../../store/types.ts'
import { openEmbeddedWebhookStore } from './embedded.ts'
import { openRedisWebhookStore } from './redis.ts'
import type { WebhookStore } from './types.ts'

/**
 * The slice on `store`'s own SQLite file or Redis. A store with no handle (a test's wrapper of one) gets
 * a slice whose every operation fails as an unreachable store does: the routes answer 503.
 */
export function openWebhookStore(store: Store): WebhookStore {
  const handle = handleOf(store)
  if (!handle) return unavailable(store.kind)
  return handle.kind === 'embedded'
    ? openEmbeddedWebhookStore(handle.db)
    : openRedisWebhookStore(handle.redis, handle.prefix)
}

function unavailable(kind: string): WebhookStore {
  return new Proxy({} as WebhookStore, {
    get: () => () => Promise.reject(new StoreUnavailableError(`the ${kind} store has no webhook slice`)),
  })
}
