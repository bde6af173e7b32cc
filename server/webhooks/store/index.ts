/** Opens the webhook slice on the connection of the store it sits beside (store/handles.ts). */
import { handleOf } from '../../store/handles.ts'
import type { Store } from '../../store/types.ts'
import { openEmbeddedWebhookStore } from './embedded.ts'
import { openRedisWebhookStore } from './redis.ts'
import type { WebhookStore } from './types.ts'

export function openWebhookStore(store: Store): WebhookStore {
  const handle = handleOf(store)
  if (!handle) throw new Error(`the ${store.kind} store has no handle: open webhooks from the base store`)
  return handle.kind === 'embedded'
    ? openEmbeddedWebhookStore(handle.db)
    : openRedisWebhookStore(handle.redis, handle.prefix)
}
