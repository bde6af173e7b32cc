/** The webhook slice: its tables in the store's own SQLite file, or its keys in the store's own Redis. */
import { defineSlice } from '../../store/slice.ts'
import type { Store } from '../../store/types.ts'
import { openEmbeddedWebhookStore } from './embedded.ts'
import { openRedisWebhookStore } from './redis.ts'
import type { WebhookStore } from './types.ts'

export const webhookSlice = defineSlice<WebhookStore>({
  name: 'webhooks',
  embedded: (db) => openEmbeddedWebhookStore(db.db),
  redis: (r) => openRedisWebhookStore(r.redis, r.prefix),
})

export function openWebhookStore(store: Store): WebhookStore {
  return store.slice(webhookSlice)
}
