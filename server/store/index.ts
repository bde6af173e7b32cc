/**
 * The store registry: one entry per kind, chosen by HUMA_STORE. A new store is one file plus one
 * line here.
 */
import { openEmbeddedStore } from './embedded.ts'
import { openRedisStore } from './redis.ts'
import type { Store } from './types.ts'

export interface StoreConfig {
  /** HUMA_STORE: unset or `embedded` for SQLite under dataDir, `redis://host:port/db` for Redis */
  url: string | undefined
  /** HUMA_DATA_DIR */
  dataDir: string
}

export const STORES = {
  embedded: (config: StoreConfig): Store => openEmbeddedStore(config.dataDir),
  redis: (config: StoreConfig): Store => openRedisStore(config.url ?? 'redis://127.0.0.1:6379/0'),
} satisfies Record<string, (config: StoreConfig) => Store>

export type StoreKind = keyof typeof STORES

export function storeKind(url: string | undefined): StoreKind {
  if (!url || url === 'embedded') return 'embedded'
  if (/^rediss?:\/\//.test(url)) return 'redis'
  throw new Error(`HUMA_STORE: unsupported store ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}`)
}

/** Where a store config points, for people to read: a folder, or a Redis URL without its password. */
export function describeStore(config: StoreConfig): string {
  return storeKind(config.url) === 'embedded'
    ? `the embedded store in ${config.dataDir}`
    : `Redis at ${(config.url ?? '').replace(/\/\/[^@/]*@/, '//***@')}`
}

export function openStore(config: StoreConfig): Store {
  return STORES[storeKind(config.url)](config)
}

/** The folder the store keeps its files in (the embedded store's data dir), or null when it keeps none. */
export function localDataDir(config: StoreConfig): string | null {
  return storeKind(config.url) === 'embedded' ? config.dataDir : null
}
