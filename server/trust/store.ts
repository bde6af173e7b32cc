/**
 * The trust slice (server/store/slice.ts): per key and keyed user hash, what Huma announced about the
 * user's enrolment and trust score (so each change is announced once, with its webhook in the same
 * transaction) and the times of the evidence other systems report (a verify verdict judged human, an
 * identity check verified). Nothing personal: the user is a keyed hash (server/secrets/user-hash.ts), the
 * rest are times and a score. Embedded (store-embedded.ts) and Redis (store-redis.ts) side by side;
 * test/contracts/trust.ts runs against both.
 */
import { RECENT_VERIFICATION_DAYS } from '../../shared/contracts/trust.ts'
import { defineSlice } from '../store/slice.ts'
import type { PreparedEvent } from '../webhooks/outbox.ts'
import { embeddedTrust } from './store-embedded.ts'
import { redisTrust } from './store-redis.ts'

/** What was announced (by webhook) about a user: compared and set together by `announce`. */
export interface Announced {
  /** epoch ms the active enrolment began; null: none (never enrolled, or revoked) */
  enrolledAt: number | null
  /** epoch ms of the latest revocation; a hosted check completed after it may enrol the user again */
  revokedAt: number | null
  /** the trust score last announced (one decimal); null: never, which counts as 0 */
  score: number | null
}

export interface TrustRecord extends Announced {
  /** epoch ms of the latest verify verdict judged human */
  lastHumanAt: number | null
  /** epoch ms of the latest identity check that ended verified */
  idvVerifiedAt: number | null
}

/** How long a passer-by's record is kept after their last human verdict: the signal's window and a day. */
export const PASSER_BY_RETENTION_MS = (RECENT_VERIFICATION_DAYS + 1) * 86_400_000

export const NOTHING_ANNOUNCED: Announced = Object.freeze({ enrolledAt: null, revokedAt: null, score: null })

export interface TrustStore {
  get(keyId: string, userHash: string): Promise<TrustRecord | null>
  /** keeps the later of the stored time and `at`; answers the record as it now is */
  noteHuman(keyId: string, userHash: string, at: number): Promise<TrustRecord>
  /** keeps the later of the stored time and `at`; answers the record as it now is */
  noteIdentity(keyId: string, userHash: string, at: number): Promise<TrustRecord>
  /**
   * Forgets the records that hold nothing but a human verdict older than `before` (no enrolment, no
   * revocation, no verified identity check, no score but 0 announced): a passer-by's verdict no longer
   * counts after RECENT_VERIFICATION_DAYS. Answers how many went.
   */
  sweep(before: number): Promise<number>
  /**
   * When the stored announced fields are still `expected` (a missing record is NOTHING_ANNOUNCED), writes
   * `next` and puts `events` into the webhook outbox, all in one transaction; false (and nothing written)
   * when another writer changed them first.
   */
  announce(
    keyId: string,
    userHash: string,
    expected: Announced,
    next: Announced,
    events: readonly PreparedEvent[],
  ): Promise<boolean>
}

export const trustSlice = defineSlice<TrustStore>({
  name: 'trust',
  embedded: embeddedTrust,
  redis: redisTrust,
})
