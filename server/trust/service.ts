/**
 * Enrolment, POY verify, the trust score and revocation, as results (no HTTP: routes.ts maps codes to
 * statuses). Every read settles the user first: what assess.ts finds is compared with what was announced,
 * and a change (an enrolment, a revocation, a score that moved) is announced once, its webhooks written in
 * the same transaction (store.ts `announce`). The systems that produce evidence report it through the
 * `note*` hooks (a hosted check completed, a verify verdict judged human, an identity check verified), and
 * each report settles the user too.
 */
import { describeIssue } from '../../shared/api.ts'
import {
  poyVerifyRequestSchema,
  revokeEnrollmentRequestSchema,
  trustParamsSchema,
  type PoyVerifyResponse,
  type RevokeEnrollmentResponse,
  type TrustResponse,
} from '../../shared/contracts/trust.ts'
import type { ErrorCode } from '../../shared/errors.ts'
import { normaliseUserId } from '../../shared/user-id.ts'
import type { HostedStore } from '../hosted/store/types.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import type { WebhookData, WebhookType } from '../webhooks/events.ts'
import type { Outbox, PreparedEvent } from '../webhooks/outbox.ts'
import { assess, type Assessment } from './assess.ts'
import type { CreatorStanding } from './standing.ts'
import { NOTHING_ANNOUNCED, type Announced, type TrustStore } from './store.ts'

/** A user's human verdicts are written at most this often (per process): the signal is counted in days. */
export const HUMAN_NOTE_INTERVAL_MS = 60_000
/** How many users' last notes a process remembers for that throttle before it starts over. */
const MAX_THROTTLED = 10_000
/** Tries of one settle when other writers keep changing the same user between its read and its write. */
const SETTLE_TRIES = 3

export type Failure = { ok: false; code: ErrorCode; message: string }
const failure = (code: ErrorCode, message: string): Failure => ({ ok: false, code, message })

export interface TrustDeps {
  store: () => TrustStore
  hosted: () => Pick<HostedStore, 'findByRef'>
  userHasher: () => Promise<UserHasher>
  outbox: Pick<Outbox, 'prepare' | 'enqueue' | 'kick'>
  now: () => number
}

interface Subject {
  keyId: string
  /** the caller's own user id, for the webhooks' payloads only */
  userId: string
  userHash: string
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const same = (a: Announced, b: Announced) =>
  a.enrolledAt === b.enrolledAt && a.revokedAt === b.revokedAt && a.score === b.score

export function createTrustService({ store, hosted, userHasher, outbox, now }: TrustDeps) {
  const subject = async (keyId: string, userId: string): Promise<Subject> => ({
    keyId,
    userId,
    userHash: (await userHasher())(keyId, normaliseUserId(userId)),
  })

  /**
   * Reads the user, announces what changed (with `revoke`, the revocation of an active enrolment first)
   * and answers the assessment as it now stands; `revoked` is false when there was nothing to revoke.
   */
  async function settle(who: Subject, revoke = false): Promise<{ view: Assessment; revoked: boolean }> {
    let view: Assessment | null = null
    for (let attempt = 0; attempt < SETTLE_TRIES; attempt++) {
      const time = now()
      const [user, record] = await Promise.all([
        hosted().findByRef(who.keyId, who.userHash),
        store().get(who.keyId, who.userHash),
      ])
      view = assess({ hosted: user, record, now: time })
      const expected: Announced = record
        ? { enrolledAt: record.enrolledAt, revokedAt: record.revokedAt, score: record.score }
        : NOTHING_ANNOUNCED
      const next = { ...expected }
      const events: Promise<PreparedEvent>[] = []
      const event = <T extends WebhookType>(type: T, data: WebhookData<T>) =>
        events.push(outbox.prepare(type, who.keyId, data))
      if (expected.enrolledAt === null && view.enrolledSince !== null) {
        next.enrolledAt = view.enrolledSince
        event('enrollment.created', { user_id: who.userId, enrolled_at: iso(view.enrolledSince)! })
      }
      if (revoke) {
        if (!view.enrolled) return { view, revoked: false }
        next.enrolledAt = null
        next.revokedAt = time
        event('enrollment.revoked', { user_id: who.userId, revoked_at: iso(time)! })
        view = assess({
          hosted: user,
          record: { ...(record ?? { lastHumanAt: null, idvVerifiedAt: null }), ...next },
          now: time,
        })
      }
      const previous = expected.score ?? 0
      if (previous !== view.trustScore) {
        next.score = view.trustScore
        event('trust.changed', {
          user_id: who.userId,
          trust_score: view.trustScore,
          previous_score: previous,
        })
      }
      if (same(next, expected)) return { view, revoked: false }
      const prepared = await Promise.all(events)
      if (await store().announce(who.keyId, who.userHash, expected, next, prepared)) {
        if (prepared.length > 0) outbox.kick()
        return { view, revoked: revoke }
      }
    }
    // other writers kept announcing this user: what they announced stands, this answer is what it read
    return { view: view!, revoked: false }
  }

  const throttle = new Map<string, number>()

  return {
    /** POST /v1/verify: the user's enrolment, as the contract shapes it; one verification.completed each */
    async verify(keyId: string, request: unknown): Promise<{ ok: true; body: PoyVerifyResponse } | Failure> {
      const parsed = poyVerifyRequestSchema.safeParse(request)
      if (!parsed.success) return failure('INVALID_REQUEST', describeIssue(parsed.error, request))
      const who = await subject(keyId, parsed.data.user_id)
      const { view } = await settle(who)
      const body: PoyVerifyResponse = view.enrolled
        ? {
            verified: true,
            human_status: 'confirmed',
            trust_score: view.trustScore,
            enrollment_active: true,
            verified_since: iso(view.enrolledSince)!,
            checks: {
              biometric_liveness: view.checkPassed,
              device_attestation: view.passkey,
              enrollment_valid: view.enrolled,
            },
          }
        : { verified: false, human_status: 'unconfirmed', trust_score: 0, reason: 'no_enrollment' }
      await outbox.enqueue('verification.completed', keyId, {
        user_id: who.userId,
        action: parsed.data.action ?? null,
        verified: body.verified,
        human_status: body.human_status,
        trust_score: body.trust_score,
      })
      return { ok: true, body }
    },

    /** GET /v1/trust/{user_id}: the score and its signals; NOT_FOUND for a user Huma knows nothing of */
    async trust(keyId: string, params: unknown): Promise<{ ok: true; body: TrustResponse } | Failure> {
      const parsed = trustParamsSchema.safeParse(params)
      if (!parsed.success) return failure('INVALID_REQUEST', describeIssue(parsed.error, params))
      const { view } = await settle(await subject(keyId, parsed.data.user_id))
      if (!view.known) return failure('NOT_FOUND', 'nothing is known of this user_id under this key')
      return {
        ok: true,
        body: {
          user_id: parsed.data.user_id,
          trust_score: view.trustScore,
          max_score: 100,
          signals: view.signals,
          verified_since: iso(view.enrolledSince),
          last_verified: iso(view.lastVerified),
        },
      }
    },

    /** POST /v1/enrollment/revoke: ends the active enrolment; NOT_FOUND when there is none */
    async revoke(
      keyId: string,
      request: unknown,
    ): Promise<{ ok: true; body: RevokeEnrollmentResponse } | Failure> {
      const parsed = revokeEnrollmentRequestSchema.safeParse(request)
      if (!parsed.success) return failure('INVALID_REQUEST', describeIssue(parsed.error, request))
      const time = now()
      const { revoked } = await settle(await subject(keyId, parsed.data.user_id), true)
      if (!revoked) return failure('NOT_FOUND', 'this user_id has no active enrolment under this key')
      return { ok: true, body: { revoked: true, user_id: parsed.data.user_id, revoked_at: iso(time)! } }
    },

    /** server/trust/standing.ts's StandingOf */
    async standingOf(keyId: string, userId: string): Promise<CreatorStanding> {
      const { view } = await settle(await subject(keyId, userId))
      return {
        enrolled: view.enrolled,
        enrolledSince: view.enrolledSince,
        lastVerified: view.lastVerified,
        trustScore: view.trustScore,
      }
    },

    /** the hosted check completed for (keyId, refHash): an enrolment may begin */
    async noteHostedCheck(keyId: string, userHash: string, userId: string): Promise<void> {
      await settle({ keyId, userId, userHash })
    },

    /**
     * verify judged the user human (server/verify/service.ts's onHuman): the time is kept, at most once a
     * minute per user and process. The score is settled now for a user something was already announced of
     * (an enrolment, a score); anyone else's trust.changed waits for their first read, so that verify's
     * stream of passers-by costs one write each and no webhook. Never throws (it runs after the answer).
     */
    noteHuman({ keyId, userId, userHash, at }: Subject & { at: number }): void {
      const id = `${keyId}\0${userHash}`
      const last = throttle.get(id)
      if (last !== undefined && at - last < HUMAN_NOTE_INTERVAL_MS) return
      if (throttle.size >= MAX_THROTTLED) throttle.clear()
      throttle.set(id, at)
      void store()
        .noteHuman(keyId, userHash, at)
        .then((record) => {
          const announced = record.score !== null || record.enrolledAt !== null || record.revokedAt !== null
          return announced ? settle({ keyId, userId, userHash }) : null
        })
        .catch(() => throttle.delete(id))
    },

    /** an identity check for the user ended verified */
    async noteIdentity(keyId: string, userId: string, at: number): Promise<void> {
      const who = await subject(keyId, userId)
      await store().noteIdentity(keyId, who.userHash, at)
      await settle(who)
    },
  }
}

export type TrustService = ReturnType<typeof createTrustService>
