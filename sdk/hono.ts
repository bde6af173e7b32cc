/**
 * `humaGuard(...)`: Hono middleware that lets a request through only when Huma says a person sent
 * it. The check lands on the context as `c.get('huma')`, typed.
 */
import type { Context, MiddlewareHandler } from 'hono'
import {
  checkHuman,
  isUnavailable,
  type HumanCheck,
  type UnavailablePolicy,
  type VerifyClient,
} from './guard.ts'

export type { HumanCheck, UnavailablePolicy, VerifyClient } from './guard.ts'

declare module 'hono' {
  interface ContextVariableMap {
    huma: HumanCheck
  }
}

type Read<T> = (c: Context) => T | Promise<T>

export interface HumaGuardOptions {
  client: VerifyClient
  /** allowed when `confidence >= minConfidence`; default 0.5 */
  minConfidence?: number
  /** the customer's own id for the user: an account id, a session id, the email being signed up... */
  userId: Read<string>
  /** the snippet's signals; default: the `huma_signals` field of a form or JSON body */
  signals?: Read<string | undefined>
  action?: string | Read<string | undefined>
  /** default 'allow' (fail open); see docs/sdk.md */
  onUnavailable?: UnavailablePolicy
  /** answers a blocked request; default 403 JSON (503 when Huma was unavailable under 'block') */
  onBlocked?: (c: Context, check: HumanCheck) => Response | Promise<Response>
}

/** Name of the form field the snippet fills in a `data-huma` form. */
export const SIGNALS_FIELD = 'huma_signals'

/**
 * Reads `huma_signals` from a urlencoded, multipart or JSON body; empty (the snippet could not collect)
 * counts as absent. Hono caches the parsed body, so handlers can read it again.
 */
export async function bodySignals(c: Context): Promise<string | undefined> {
  const type = c.req.header('Content-Type') ?? ''
  try {
    if (type.includes('application/json')) {
      const body: unknown = await c.req.json()
      const value =
        typeof body === 'object' && body !== null
          ? (body as Record<string, unknown>)[SIGNALS_FIELD]
          : undefined
      return typeof value === 'string' && value !== '' ? value : undefined
    }
    if (type.includes('form')) {
      const value = (await c.req.parseBody())[SIGNALS_FIELD]
      return typeof value === 'string' && value !== '' ? value : undefined
    }
  } catch {
    // an unreadable body carries no signals
  }
  return undefined
}

function blocked(c: Context, check: HumanCheck): Response {
  if (check.error && isUnavailable(check.error)) {
    return c.json(
      { error: 'HUMAN_CHECK_UNAVAILABLE', message: 'the human check is unavailable; try again shortly' },
      503,
    )
  }
  return c.json({ error: 'NOT_HUMAN', message: 'this request did not pass the human check' }, 403)
}

export function humaGuard({
  client,
  minConfidence = 0.5,
  userId,
  signals = bodySignals,
  action,
  onUnavailable = 'allow',
  onBlocked = blocked,
}: HumaGuardOptions): MiddlewareHandler {
  return async function humaGuardMiddleware(c, next) {
    const check = await checkHuman(client, {
      userId: await userId(c),
      signals: await signals(c),
      action: typeof action === 'function' ? await action(c) : action,
      minConfidence,
      onUnavailable,
    })
    c.set('huma', check)
    if (!check.allowed) return onBlocked(c, check)
    await next()
    return undefined
  }
}
