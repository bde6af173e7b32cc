/**
 * The keys slice: API key records, found by the SHA-256 of the key (never the key itself).
 * Embedded (store-embedded.ts) and Redis (store-redis.ts) side by side; test/contracts/keys.ts runs
 * against both.
 */
import type { KeyMode } from '../../shared/keys.ts'
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
}

export interface KeyStore {
  createKey(key: ApiKeyRecord): Promise<void>
  findKeyByHash(hash: string): Promise<ApiKeyRecord | null>
  findKeyById(id: string): Promise<ApiKeyRecord | null>
  listKeys(): Promise<ApiKeyRecord[]>
  revokeKey(id: string, at: number): Promise<boolean>
  setPlan(id: string, plan: string, trialEndsAt: number | null): Promise<boolean>
}

export const keysSlice = defineSlice<KeyStore>({ name: 'keys', embedded: embeddedKeys, redis: redisKeys })
