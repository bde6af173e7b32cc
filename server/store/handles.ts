/**
 * The connection under a store, for the slices of newer systems (server/hosted/store/, ...) that keep
 * their own tables or keys beside the shared Store: the same SQLite file (so a slice's write can share a
 * transaction with another's) or the same Redis client and prefix. Registered by embedded.ts and
 * redis.ts; a wrapped store (instrumented) has none, so slices are opened from the base store.
 */
import type { Database } from 'better-sqlite3'
import type { Redis } from 'ioredis'
import type { Store } from './types.ts'

export type StoreHandle =
  | { kind: 'embedded'; db: Database }
  | { kind: 'redis'; redis: Redis; prefix: string; clock: 'redis' | 'caller' }

const handles = new WeakMap<Store, StoreHandle>()

export function registerHandle(store: Store, handle: StoreHandle): Store {
  handles.set(store, handle)
  return store
}

export function handleOf(store: Store): StoreHandle | undefined {
  return handles.get(store)
}
