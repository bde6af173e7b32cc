/** The hosted slice: on the embedded store's SQLite file or on its Redis, whichever the store runs on. */
import { defineSlice } from '../../store/slice.ts'
import type { Store } from '../../store/types.ts'
import { openEmbeddedHostedStore } from './embedded.ts'
import { openRedisHostedStore } from './redis.ts'
import type { HostedStore } from './types.ts'

export const hostedSlice = defineSlice<HostedStore>({
  name: 'hosted',
  embedded: (db) => openEmbeddedHostedStore(db.db),
  redis: (r) => openRedisHostedStore(r.redis, r.prefix),
})

export const openHostedStore = (store: Pick<Store, 'slice'>): HostedStore => store.slice(hostedSlice)
