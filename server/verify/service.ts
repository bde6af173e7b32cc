/**
 * The verify operation: one user's behaviour judged under a caller's key and plan. The flood window,
 * the monthly reservation (given back when the call fails), scoring and the signed audit token, as a
 * result: the verify route, the demo and any other system call it directly. No HTTP here: the route
 * maps a refusal's code to its status.
 */
import { describeIssue, verifyRequestSchema, type VerifyResponse } from '../../shared/api.ts'
import type { ErrorCode } from '../../shared/errors.ts'
import type { PlanLimits } from '../../shared/plans.ts'
import { decodeSignals, type Signals } from '../../shared/signals.ts'
import { normaliseUserId } from '../../shared/user-id.ts'
import { HUMAN_THRESHOLD, roundConfidence } from '../../shared/verdict.ts'
import type { ApiKeyRecord } from '../keys/store.ts'
import { monthOf, msToNextMonth, USER_FLOOD_LIMIT, type Limits } from '../limits/service.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import type { TokenService } from '../tokens/service.ts'
import type { ScoreFn } from './scorer.ts'
import type { Verdict } from '../verdicts/counter.ts'

/** Who is asking: the key and its plan (the auth middleware's, or the demo's own). */
export interface Caller {
  key: ApiKeyRecord
  plan: PlanLimits
}

/** The month's count after this call, for the X-Quota-* headers (absent when the call is not counted). */
export interface Quota {
  limit: number
  remaining: number
}

export type VerifyOutcome =
  | { ok: true; body: VerifyResponse; quota?: Quota }
  | { ok: false; code: ErrorCode; message: string; retryAfterS?: number; quota?: Quota }

export interface VerifyService {
  /** `request`: the body as received (parsed here with shared/api.ts's schema) */
  verify(caller: Caller, request: unknown): Promise<VerifyOutcome>
}

export interface VerifyDeps {
  limits: Limits
  now: () => number
  userHasher: () => Promise<UserHasher>
  tokens: TokenService
  score: ScoreFn
  /**
   * The demo's own verify (server/demo/): scored for real, but its tokens are sandbox tokens and it
   * counts toward no month. It mints nothing a customer could pass off as a live verdict.
   */
  demo?: boolean
  /** told of each answer (the dashboard's aggregate counters, server/verdicts/); must not throw */
  onVerdict?: (verdict: Verdict) => void
  /**
   * told of each user judged human (the trust score's recent_verification, server/trust/); `userId` is
   * the caller's own, for its webhooks only; must not throw
   */
  onHuman?: (judged: { keyId: string; userId: string; userHash: string; at: number }) => void
}

export function createVerifyService({
  limits,
  now,
  userHasher,
  tokens,
  score,
  demo = false,
  onVerdict,
  onHuman,
}: VerifyDeps): VerifyService {
  return {
    async verify({ key, plan }, request) {
      const parsed = verifyRequestSchema.safeParse(request)
      if (!parsed.success)
        return { ok: false, code: 'INVALID_REQUEST', message: describeIssue(parsed.error, request) }
      const { userId, signals: encoded, action } = parsed.data

      // an empty string (a form whose snippet never ran) is no signals, scored as such: not a 400
      let signals: Signals | null = null
      if (encoded) {
        const decoded = decodeSignals(encoded)
        if (!decoded.ok) return { ok: false, code: 'INVALID_REQUEST', message: decoded.message }
        signals = decoded.signals
      }

      const time = now()
      // one id however it is spelled (case, width, invisible characters): for the flood window and the token
      const userHash = (await userHasher())(key.id, normaliseUserId(userId))
      const flood = await limits.flood(key.id, userHash, time)
      if (!flood.ok) {
        return {
          ok: false,
          code: 'USER_FLOOD_DETECTED',
          message: `this userId was verified ${USER_FLOOD_LIMIT} times in the last minute`,
          retryAfterS: flood.resetMs / 1000,
        }
      }

      const sandbox = key.mode === 'test'
      const uncounted = sandbox || demo
      const month = monthOf(time)
      // Scoring starts before the monthly count is known, so that the two writes of a call (the count and
      // the replay digest) share one commit on the embedded store and one round trip on Redis. A call
      // refused for the month has its activity remembered all the same: it was seen.
      const scoring = score({
        signals,
        encoded: encoded || null,
        userId,
        userHash,
        sandbox,
        now: time,
        keyId: key.id,
      })
      scoring.catch(() => {}) // awaited below, unless the count fails or refuses first
      let quota: Quota | undefined
      if (!uncounted) {
        const monthly = await limits.reserve(key.id, month, plan)
        quota = { limit: plan.perMonth, remaining: Math.max(0, plan.perMonth - monthly.used) }
        if (!monthly.ok) {
          return {
            ok: false,
            code: 'MONTHLY_LIMIT_EXCEEDED',
            message: `this key's ${plan.perMonth} verifications for ${month} are used up`,
            retryAfterS: msToNextMonth(time) / 1000,
            quota,
          }
        }
      }

      try {
        const result = await scoring
        const confidence = roundConfidence(result.confidence)
        const human = confidence >= HUMAN_THRESHOLD
        const token = await tokens.sign({
          human,
          confidence,
          keyId: key.id,
          action: action ?? null,
          userHash,
          sandbox: uncounted,
        })
        const body: VerifyResponse = { human, confidence, token, pii_stored: false, reasons: result.reasons }
        onVerdict?.({ keyId: key.id, action: action ?? null, confidence, reasons: result.reasons, at: time })
        if (human) onHuman?.({ keyId: key.id, userId, userHash, at: time })
        return quota ? { ok: true, body, quota } : { ok: true, body }
      } catch (error) {
        if (!uncounted) await limits.release(key.id, month).catch(() => {})
        throw error
      }
    },
  }
}
