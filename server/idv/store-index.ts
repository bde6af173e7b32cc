/** Opens the identity checks' slice of the store HUMA_STORE names (the registry of server/store/). */
import { storeKind, type StoreConfig } from '../store/index.ts'
import type { IdvStore } from './store.ts'
import { openEmbeddedIdvStore } from './store-embedded.ts'
import { openRedisIdvStore } from './store-redis.ts'

export const IDV_STORES = {
  embedded: (config: StoreConfig): IdvStore => openEmbeddedIdvStore(config.dataDir),
  redis: (config: StoreConfig): IdvStore => openRedisIdvStore(config.url ?? 'redis://127.0.0.1:6379/0'),
} satisfies Record<ReturnType<typeof storeKind>, (config: StoreConfig) => IdvStore>

export function openIdvStore(config: StoreConfig): IdvStore {
  return IDV_STORES[storeKind(config.url)](config)
}
