/**
 * The keys slice: API key records, found by the SHA-256 of the key (never the key itself).
 * Embedded (store-embedded.ts) and Redis (store-redis.ts) side by side; test/contracts/keys.ts runs
 * against both.
 */
import type { KeyMode, Scope } from '../../shared/keys.ts'
import { defineSlice } from '../store/slice.ts'
import { embeddedKeys } from './store-embedded.ts'
import { redisKeys } from './store-redis.ts'

export interface ApiKeyRecord {
  id: string
  /** SHA-256 of the full key, hex */
  hash: string
  mode: KeyMode
  plan: string
  name: string | null
  createdAt: number
  /** epoch ms at which the trial ends; null when the key is not on a trial */
  trialEndsAt: number | null
  revokedAt: number | null
  /** what the key may be used for, in SCOPES order; keys made before scopes read as DEFAULT_SCOPES */
  scopes: Scope[]
  /** browser origins (`Origin` header) allowed to use the key; empty: any (and no Origin is always fine) */
  allowedOrigins: string[]
}

export interface KeyStore {
  createKey(key: ApiKeyRecord): Promise<void>
  findKeyByHash(hash: string): Promise<ApiKeyRecord | null>
  findKeyById(id: string): Promise<ApiKeyRecord | null>
  listKeys(): Promise<ApiKeyRecord[]>
  revokeKey(id: string, at: number): Promise<boolean>
  setPlan(id: string, plan: string, trialEndsAt: number | null): Promise<boolean>
  /** false when there is no such key */
  setScopes(id: string, scopes: Scope[]): Promise<boolean>
  /** false when there is no such key; [] allows any origin */
  setAllowedOrigins(id: string, origins: string[]): Promise<boolean>
}

export const keysSlice = defineSlice<KeyStore>({ name: 'keys', embedded: embeddedKeys, redis: redisKeys })
