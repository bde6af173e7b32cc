/**
 * The identity checks' persistence, a slice of its own (server/store/slice.ts): this interface, an
 * embedded implementation (store-embedded.ts, tables in the store's SQLite file) and a Redis one
 * (store-redis.ts, keys under `idv:`), run through one contract test (test/contracts/idv.ts). Nothing here is readable about a person: contact data
 * is sealed (AES-256-GCM, crypto.ts) before it reaches a store, and the user id is kept as a keyed hash.
 */
import type { IdvResult, IdvTheme } from '../../shared/contracts/idv.ts'
import { defineSlice } from '../store/slice.ts'
import { embeddedIdv } from './store-embedded.ts'
import { redisIdv } from './store-redis.ts'

export interface IdvStoredFile {
  /** the encrypted file's name in the check's folder */
  blob: string
  /** the name the partner sees (`selfie.webm`, `id.jpg`) */
  fileName: string
  mime: string
}

export interface IdvCheckRecord {
  id: string
  keyId: string
  /** the user id under the user-hash secret (server/secrets/user-hash.ts): what remains after the purge */
  userHash: string
  createdAt: number
  /** when the files and contact data go */
  purgeAt: number
  /** null once purged */
  purgedAt: number | null
  result: IdvResult
  /** user_identifier, email and phone, sealed; null after the purge */
  sealedContact: string | null
  /** null after the purge */
  files: { selfieVideo: IdvStoredFile; idPhoto: IdvStoredFile } | null
  /** an operator's decision on a check that was in `review` (the dashboard's review queue) */
  review?: IdvReview
}

export interface IdvReview {
  decision: 'approved' | 'rejected'
  at: number
}

/** A page of a newest-first list. */
export interface IdvPage {
  offset: number
  limit: number
}

export interface IdvSessionRecord {
  keyId: string
  sealedContact: string
  expiresAt: number
}

export interface IdvStore {
  putCheck(check: IdvCheckRecord): Promise<void>
  getCheck(id: string): Promise<IdvCheckRecord | null>
  /** checks whose purge time has come and that still hold files or contact data, oldest first */
  duePurge(now: number, limit: number): Promise<IdvCheckRecord[]>
  /** drops the files' references and the contact data; the result stays */
  markPurged(id: string, now: number): Promise<void>
  /** a one-time page session under the hash of its token */
  putSession(tokenHash: string, session: IdvSessionRecord, now: number): Promise<void>
  /** the session without using it up (the page's GET), or null when unknown or expired */
  peekSession(tokenHash: string, now: number): Promise<IdvSessionRecord | null>
  /** the session, once: a second take of the same token finds nothing, as does an expired one */
  takeSession(tokenHash: string, now: number): Promise<IdvSessionRecord | null>
  /** the key's checks, newest first */
  listChecks(keyId: string, page: IdvPage): Promise<IdvCheckRecord[]>
  /** every key's checks waiting in `review` (not decided, not purged), newest first */
  reviewQueue(page: IdvPage): Promise<IdvCheckRecord[]>
  /**
   * Stores `decided` (the check's decided form) only while the stored check is in `review` and not
   * purged; once: of two decisions on one check, one is stored and the other answers false.
   */
  decideReview(decided: IdvCheckRecord): Promise<boolean>
  setTheme(keyId: string, theme: IdvTheme): Promise<void>
  getTheme(keyId: string): Promise<IdvTheme | null>
}

export const idvSlice = defineSlice<IdvStore>({ name: 'idv', embedded: embeddedIdv, redis: redisIdv })

export const inReview = (check: IdvCheckRecord): boolean =>
  check.result.verificationAssessment.verificationStatus === 'review'

/** A purged check: the result stays, the files' names and contact data go. */
export function purged(check: IdvCheckRecord, now: number): IdvCheckRecord {
  return { ...check, purgedAt: now, sealedContact: null, files: null }
}
