/**
 * The stamps slice: each stamp (by its id, with the key that made it and the creator's keyed hash, never
 * a user id), the stamps counted per key and month, and the one hash-chained log (chain.ts) every stamp
 * and revocation is appended to. Making a stamp is one atomic step on either store: the month's count
 * (refused at the plan's limit), the stamp, its log entry and its `stamp.created` webhook. Embedded: one
 * SQLite transaction (store-embedded.ts). Redis: one Lua script that appends only onto the head it was
 * given, retried on a moved head (store-redis.ts), so the chain never forks. test/contracts/stamps.ts
 * runs against both.
 */
import type { StampLogEntry, StampType } from '../../shared/contracts/stamps.ts'
import { defineSlice } from '../store/slice.ts'
import type { PreparedEvent } from '../webhooks/outbox.ts'
import type { ChainHead } from './chain.ts'
import { embeddedStamps } from './store-embedded.ts'
import { redisStamps } from './store-redis.ts'

export interface StampRecord {
  id: string
  keyId: string
  contentHash: string
  type: StampType
  /** the creator's keyed hash, scoped to the key (service.ts) */
  creator: string
  /** the creator's trust score when the stamp was made */
  trustScore: number
  /** epoch ms */
  createdAt: number
  revokedAt: number | null
}

export interface NewStamp {
  stamp: Omit<StampRecord, 'revokedAt'>
  /** `YYYY-MM` (UTC) the stamp counts toward, and the plan's stamps for it */
  month: string
  limit: number
  /** the `stamp.created` webhook, written with the stamp (null: none) */
  event: PreparedEvent | null
}

export type CreateResult = { ok: true; used: number; entry: StampLogEntry } | { ok: false; used: number }

export type RevokeResult =
  | { ok: true; revokedAt: number; entry: StampLogEntry | null }
  /** no such stamp, or another key's */
  | { ok: false }

export interface StampStore {
  /** counts, stores and logs one stamp when fewer than `limit` were made this month; atomic */
  create(stamp: NewStamp): Promise<CreateResult>
  /** revokes a stamp of `keyId` and logs it (once: a second call answers the first time, no entry) */
  revoke(keyId: string, stampId: string, at: number): Promise<RevokeResult>
  find(stampId: string): Promise<StampRecord | null>
  /** stamps counted for the key in `month` */
  used(keyId: string, month: string): Promise<number>
  head(): Promise<ChainHead>
  /** log entries from seq `from` (1-based), at most `limit` */
  entries(from: number, limit: number): Promise<StampLogEntry[]>
}

export const stampsSlice = defineSlice<StampStore>({
  name: 'stamps',
  embedded: embeddedStamps,
  redis: redisStamps,
})
