/** POST /api/v1/verify: the verdict on one user's behaviour, under the caller's key and plan. */
import { Hono } from 'hono'
import { describeIssue, verifyRequestSchema, type VerifyResponse } from '../../shared/api.ts'
import { decodeSignals, type Signals } from '../../shared/signals.ts'
import { normaliseUserId } from '../../shared/user-id.ts'
import { fail, readJson, respond, setHeader } from '../http.ts'
import type { ScoreFn } from '../scorer.ts'
import type { Store } from '../store/types.ts'
import type { TokenService } from '../tokens.ts'
import type { UserHasher } from '../user-hash.ts'
import '../context.ts'

/** "The same userId was verified more than 10 times in a minute under this key." */
export const USER_FLOOD_LIMIT = 10
export const USER_FLOOD_WINDOW_MS = 60_000

export interface VerifyRouteOptions {
  store: Store
  now: () => number
  userHasher: () => Promise<UserHasher>
  tokens: TokenService
  score: ScoreFn
  /**
   * The demo's own verify (server/app.ts): scored for real, but its tokens are sandbox tokens and it
   * counts toward no month. It mints nothing a customer could pass off as a live verdict.
   */
  demo?: boolean
}

/** The last month asked for, with its bounds: one Date a month instead of one a verify call. */
let last = { month: '', from: 0, to: 0 }

export function monthOf(time: number): string {
  if (time >= last.from && time < last.to) return last.month
  const d = new Date(time)
  const month = d.toISOString().slice(0, 7)
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  last = { month, from, to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) }
  return month
}

function msToNextMonth(time: number): number {
  const d = new Date(time)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - time
}

export function verifyRoute({
  store,
  now,
  userHasher,
  tokens,
  score,
  demo = false,
}: VerifyRouteOptions): Hono {
  return new Hono().post('/api/v1/verify', async (c) => {
    const key = c.var.apiKey
    const plan = c.var.plan
    const body = await readJson(c)
    const parsed = verifyRequestSchema.safeParse(body)
    if (!parsed.success) return fail(c, 'INVALID_REQUEST', describeIssue(parsed.error, body))
    const { userId, signals: encoded, action } = parsed.data

    // an empty string (a form whose snippet never ran) is no signals, scored as such: not a 400
    let signals: Signals | null = null
    if (encoded) {
      const decoded = decodeSignals(encoded)
      if (!decoded.ok) return fail(c, 'INVALID_REQUEST', decoded.message)
      signals = decoded.signals
    }

    const time = now()
    // one id however it is spelled (case, width, invisible characters): for the flood window and the token
    const userHash = (await userHasher())(key.id, normaliseUserId(userId))
    const flood = await store.hitWindow(
      `flood:${key.id}:${userHash}`,
      USER_FLOOD_LIMIT,
      USER_FLOOD_WINDOW_MS,
      time,
    )
    if (!flood.ok) {
      return fail(
        c,
        'USER_FLOOD_DETECTED',
        `this userId was verified ${USER_FLOOD_LIMIT} times in the last minute`,
        flood.resetMs / 1000,
      )
    }

    const sandbox = key.mode === 'test'
    const uncounted = sandbox || demo
    const month = monthOf(time)
    // Scoring starts before the monthly count is known, so that the two writes of a call (the count and
    // the replay digest) share one commit on the embedded store and one round trip on Redis. A call
    // refused for the month has its activity remembered all the same: it was seen.
    const scoring = score({ signals, encoded: encoded || null, userId, userHash, sandbox, now: time })
    scoring.catch(() => {}) // awaited below, unless the count fails or refuses first
    if (!uncounted) {
      const monthly = await store.reserveMonthly(key.id, month, plan.perMonth)
      setHeader(c, 'X-Quota-Limit', String(plan.perMonth))
      setHeader(c, 'X-Quota-Remaining', String(Math.max(0, plan.perMonth - monthly.used)))
      if (!monthly.ok) {
        return fail(
          c,
          'MONTHLY_LIMIT_EXCEEDED',
          `this key's ${plan.perMonth} verifications for ${month} are used up`,
          msToNextMonth(time) / 1000,
        )
      }
    }

    try {
      const result = await scoring
      const confidence = Math.round(result.confidence * 1000) / 1000
      const human = confidence >= 0.5
      const token = await tokens.sign({
        human,
        confidence,
        keyId: key.id,
        action: action ?? null,
        userHash,
        sandbox: uncounted,
      })
      const body: VerifyResponse = { human, confidence, token, pii_stored: false, reasons: result.reasons }
      setHeader(c, 'Cache-Control', 'no-store')
      return respond(c, body, 200)
    } catch (error) {
      if (!uncounted) await store.releaseMonthly(key.id, month).catch(() => {})
      throw error
    }
  })
}
