/** The webhook slice: its tables in the store's own SQLite file, or its keys in the store's own Redis. */
import { defineSlice } from '../../store/slice.ts'
import type { Store } from '../../store/types.ts'
import { openEmbeddedWebhookStore } from './embedded.ts'
import { openRedisWebhookStore } from './redis.ts'
import type { WebhookStore } from './types.ts'

export const webhookSlice = defineSlice<WebhookStore>({
  name: 'webhooks',
  embedded: (db) => openEmbeddedWebhookStore(db),
  redis: (r) => openRedisWebhookStore(r),
})

/**
 * The slice of `store`, opened on its first use: building the app touches no store (a store that is
 * down when the app is built fails the first webhook call, as any other, not the build).
 */
export function openWebhookStore(store: Store): WebhookStore {
  let slice: WebhookStore | undefined
  return new Proxy({} as WebhookStore, {
    get(_, op: keyof WebhookStore) {
      slice ??= store.slice(webhookSlice)
      return slice[op]
    },
  })
}
