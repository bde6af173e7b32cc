/**
 * Authenticates `Authorization: Bearer huma_...` (and, where `apiKeyHeader` is on, `API-KEY: huma_...`,
 * the VerifyYou routes' header), then checks the key's scope for this route group and the browser's
 * `Origin` against the key's allowed origins (403, before the burst window: a refused call costs the
 * key nothing), then takes one hit of the key's per-minute burst window, then checks the trial. Every
 * response after the burst hit carries the burst window state.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { KEY_PATTERN, type Scope } from '../../shared/keys.ts'
import type { ErrorCode } from '../../shared/errors.ts'
import { fail as failJson, requestHeader, setHeader } from '../http/respond.ts'
import { constantTimeEqual } from '../secrets/compare.ts'
import { checkAccess } from './access.ts'
import { hashKey } from './keys.ts'
import type { PlanTable } from '../limits/plans.ts'
import type { Limits } from '../limits/service.ts'
import type { WindowHit } from '../limits/windows-store.ts'
import type { KeyStore } from './store.ts'
import './context.ts'

export interface ApiKeyOptions {
  keys: Pick<KeyStore, 'findKeyByHash'>
  limits: Pick<Limits, 'burst'>
  plans: PlanTable
  now: () => number
  /**
   * what this route group is for: a key without this scope is refused 403 SCOPE_NOT_ALLOWED. The
   * Origin check (403 ORIGIN_NOT_ALLOWED) applies with or without it.
   */
  scope?: Scope
  /** also accept the key as `API-KEY: <key>` (the VerifyYou contract's header); Authorization wins */
  apiKeyHeader?: boolean
  /** how a refusal is written (the VerifyYou routes answer in their own failure shape); default fail() */
  failWith?: (c: Context, code: AuthFailure, message: string, retryAfterS?: number) => Response
}

/** The codes this middleware refuses with. */
export type AuthFailure = Extract<
  ErrorCode,
  | 'MISSING_AUTH'
  | 'INVALID_API_KEY_FORMAT'
  | 'INVALID_API_KEY'
  | 'SCOPE_NOT_ALLOWED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'BURST_LIMIT_EXCEEDED'
  | 'TRIAL_EXPIRED'
>

export function apiKey({
  keys,
  limits,
  plans,
  now,
  scope,
  apiKeyHeader = false,
  failWith: fail = failJson,
}: ApiKeyOptions): MiddlewareHandler {
  return async function apiKeyAuth(c, next) {
    const header = requestHeader(c, 'authorization')
    const plain = apiKeyHeader && header === undefined ? requestHeader(c, 'api-key') : undefined
    if (!header && !plain)
      return fail(
        c,
        'MISSING_AUTH',
        apiKeyHeader
          ? 'send the API key as API-KEY: huma_live_... or Authorization: Bearer huma_live_...'
          : 'send the API key as Authorization: Bearer huma_live_...',
      )
    const key = header ? /^Bearer +(\S+)\s*$/i.exec(header)?.[1] : plain?.trim()
    if (!key || !KEY_PATTERN.test(key)) {
      return fail(
        c,
        'INVALID_API_KEY_FORMAT',
        'the API key must be huma_live_ or huma_test_ followed by 32 letters or digits',
      )
    }
    const hash = hashKey(key)
    const record = await keys.findKeyByHash(hash)
    if (!record || !constantTimeEqual(record.hash, hash) || record.revokedAt !== null) {
      return fail(c, 'INVALID_API_KEY', 'the API key is unknown or revoked')
    }
    const refused = checkAccess(record, scope, requestHeader(c, 'origin'))
    if (refused) return fail(c, refused.code, refused.message)
    const plan = plans[record.plan]
    if (!plan) throw new Error(`key ${record.id} is on plan ${record.plan}, which the plan table lacks`)

    const time = now()
    const burst = await limits.burst(record.id, plan, time)
    setRateLimitHeaders((name, value) => setHeader(c, name, value), burst)
    if (!burst.ok) {
      return fail(
        c,
        'BURST_LIMIT_EXCEEDED',
        `this key allows ${plan.perMinute} requests a minute`,
        burst.resetMs / 1000,
      )
    }
    if (record.trialEndsAt !== null && time >= record.trialEndsAt) {
      return fail(
        c,
        'TRIAL_EXPIRED',
        `the trial of this key ended at ${new Date(record.trialEndsAt).toISOString()}`,
      )
    }
    c.set('apiKey', record)
    c.set('plan', plan)
    c.set('burst', burst)
    await next()
    return undefined
  }
}

export function setRateLimitHeaders(set: (name: string, value: string) => void, hit: WindowHit): void {
  set('X-RateLimit-Limit', String(hit.limit))
  set('X-RateLimit-Remaining', String(hit.remaining))
  set('X-RateLimit-Reset', String(Math.ceil(hit.resetMs / 1000)))
}
