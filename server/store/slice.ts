/**
 * A store slice: the persistence of one concern (keys, windows, usage, replay digests, secrets, or a
 * new system's own tables), as a small interface with an embedded and a Redis implementation side by
 * side in its feature's folder. The open store builds a slice from its backend handle on first use
 * (`store.slice(def)`), so no caller ever asks which backend it runs on.
 */
import type { EmbeddedDb } from './sqlite.ts'
import type { RedisHandle } from './redis-client.ts'

export interface StoreSlice<T extends object> {
  /** names the slice in errors and docs */
  readonly name: string
  /** builds the slice on the SQLite file: create its tables here, prepare its statements */
  embedded(db: EmbeddedDb): T
  /** builds the slice on the shared Redis: its keys go under `redis.prefix` */
  redis(redis: RedisHandle): T
}

export const defineSlice = <T extends object>(slice: StoreSlice<T>): StoreSlice<T> => slice

/** What an open store offers every slice: each is built once per store and then shared. */
export interface SliceHost {
  slice<T extends object>(def: StoreSlice<T>): T
}

/** One store's slices, built from its backend handle on first use. */
export function sliceHost<H>(
  handle: H,
  build: <T extends object>(def: StoreSlice<T>, handle: H) => T,
): SliceHost {
  const built = new Map<StoreSlice<object>, object>()
  return {
    slice<T extends object>(def: StoreSlice<T>): T {
      let slice = built.get(def) as T | undefined
      if (!slice) built.set(def, (slice = build(def, handle)))
      return slice
    },
  }
}
