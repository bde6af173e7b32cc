/**
 * The open store: the five slices the core needs (keys, windows, usage, replay digests, secrets), each
 * defined in its feature's folder, plus `slice(def)` for any other (a new system's tables), `ping` and
 * `close`. `embedded` (SQLite file + process memory) is the default; `redis` shares state between
 * instances. Callers take the slice interfaces they use, never this whole one where less will do.
 *
 * Nothing personal is ever passed in: keys arrive as hashes, user ids as keyed hashes.
 */
import type { KeyStore } from '../keys/store.ts'
import type { UsageStore } from '../limits/usage-store.ts'
import type { WindowStore } from '../limits/windows-store.ts'
import type { DigestStore } from '../replay/store.ts'
import type { SecretStore } from '../secrets/store.ts'
import type { SliceHost } from './slice.ts'

export type { ApiKeyRecord, KeyStore } from '../keys/store.ts'
export type { MonthlyHit, UsageRow, UsageStore } from '../limits/usage-store.ts'
export type { WindowHit, WindowStore } from '../limits/windows-store.ts'
export type { DigestSighting, DigestStore } from '../replay/store.ts'
export type { SigningKeyRecord, SecretStore } from '../secrets/store.ts'

export interface StoreLifecycle {
  /** `embedded` or `redis`: for people to read (/readyz, the log), never to branch on */
  readonly kind: string
  /** whether other server instances may share this store (Redis) or it is this process's own (embedded) */
  readonly shared: boolean
  /** Throws StoreUnavailableError when the backing store cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}

export interface Store
  extends KeyStore, WindowStore, UsageStore, DigestStore, SecretStore, SliceHost, StoreLifecycle {}

/** The backing store cannot be reached. Routes answer 503 SERVICE_UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
}

/** Seconds a client is told to wait (Retry-After) when the store cannot be reached. */
export const STORE_RETRY_AFTER_S = 5
