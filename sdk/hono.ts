/**
 * `humaGuard(...)`: Hono middleware that lets a request through only when Huma says a person sent
 * it. The check lands on the context as `c.get('huma')`, typed. Hono is a peer dependency: this file
 * needs only its types.
 */
import type { Context, MiddlewareHandler } from 'hono'
import {
  blockedAnswer,
  checkHuman,
  type GuardLogger,
  type HumanCheck,
  type UnavailablePolicy,
  type VerifyClient,
} from './guard.ts'

export type {
  BlockedAnswer,
  GuardLogger,
  HumanCheck,
  Outcome,
  UnavailablePolicy,
  UncertainPolicy,
  VerifyClient,
} from './guard.ts'

declare module 'hono' {
  interface ContextVariableMap {
    huma: HumanCheck
  }
}

type Read<T> = (c: Context) => T | Promise<T>
type Answer = (c: Context, check: HumanCheck) => Response | Promise<Response>

export interface HumaGuardOptions {
  client: VerifyClient
  /** the customer's own id for the user: an account id, a session id, the email being signed up... */
  userId: Read<string | undefined>
  /** the snippet's signals; default: the `huma_signals` field of a form or JSON body */
  signals?: Read<string | undefined>
  action?: string | Read<string | undefined>
  /**
   * No evidence or too little (`NO_SIGNALS`, `TOO_FEW_EVENTS`): 'block' (default: 403
   * HUMAN_CHECK_UNCERTAIN), 'allow', or your own answer (a challenge, a second factor).
   */
  onUncertain?: 'allow' | 'block' | Answer
  /** Huma down (network error, timeout, 5xx): default 'allow', with a warning logged each time */
  onUnavailable?: UnavailablePolicy
  /** answers every other blocked request; default `blockedAnswer(check)` as JSON */
  onBlocked?: Answer
  /** default console */
  logger?: GuardLogger
}

/**
 * Name of the form field the snippet fills in a `data-huma` form: shared/form.ts's, copied because the
 * published package cannot import the server's source (test/sdk.test.ts checks they agree).
 */
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

/** The default answer to a blocked request: blockedAnswer's status, headers and JSON body. */
export function blocked(c: Context, check: HumanCheck): Response {
  const { status, headers, body } = blockedAnswer(check)
  return c.json(body, status, headers)
}

export function humaGuard({
  client,
  userId,
  signals = bodySignals,
  action,
  onUncertain = 'block',
  onUnavailable = 'allow',
  onBlocked = blocked,
  logger = console,
}: HumaGuardOptions): MiddlewareHandler {
  return async function humaGuardMiddleware(c, next) {
    const check = await checkHuman(client, {
      userId: await userId(c),
      signals: await signals(c),
      action: typeof action === 'function' ? await action(c) : action,
      onUncertain: onUncertain === 'allow' ? 'allow' : 'block',
      onUnavailable,
      logger,
    })
    c.set('huma', check)
    if (check.allowed) {
      await next()
      return undefined
    }
    if (check.outcome === 'uncertain' && typeof onUncertain === 'function') return onUncertain(c, check)
    return onBlocked(c, check)
  }
}
