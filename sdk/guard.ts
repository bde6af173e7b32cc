/**
 * The human check for any framework: ask Huma, turn the answer into one outcome, and say what a
 * guarded route should answer. Express, Fastify, Next.js... call this; sdk/hono.ts wraps it for Hono.
 */
import { HumaError } from './errors.ts'
import type { VerifyOptions } from './node.ts'
import type { VerifyResponse } from './types.ts'

/** Anything with Huma's verify: the client, or a stand-in in tests. */
export interface VerifyClient {
  verify(userId: string, options?: VerifyOptions): Promise<VerifyResponse>
}

/** What to do when Huma cannot answer (network error, timeout, 5xx). */
export type UnavailablePolicy = 'allow' | 'block'
/** What to do when there was no evidence, or too little to judge. */
export type UncertainPolicy = 'allow' | 'block'

/** Where the guard writes what an operator must know; `console` by default. */
export interface GuardLogger {
  warn(message: string): void
  error(message: string): void
}

/**
 * What a check came to. Only `human` is let through by itself; `uncertain` and `unavailable` follow
 * their policies; the rest always block.
 */
export type Outcome =
  /** Huma's verdict is `human: true`, on evidence */
  | 'human'
  /** the evidence says automated */
  | 'not_human'
  /** no evidence, or too little to judge (`NO_SIGNALS`, `TOO_FEW_EVENTS`): `onUncertain` decides */
  | 'uncertain'
  /** the guarded request is malformed: no userId, or signals Huma refused (its 400, 413) */
  | 'bad_request'
  /** Huma refused the call under a limit (429): a flood of this user, or the key's burst or month */
  | 'rate_limited'
  /** Huma cannot answer (network error, timeout, 5xx): `onUnavailable` decides, logged as a warning */
  | 'unavailable'
  /** Huma refused the key or is not Huma (401, 402, 403, ...): blocked, logged as an error */
  | 'misconfigured'

export interface HumanCheck {
  allowed: boolean
  outcome: Outcome
  /** Huma's verdict; null when there was none */
  result: VerifyResponse | null
  /** why there is no verdict; null when Huma answered */
  error: HumaError | null
}

export interface CheckHumanOptions extends VerifyOptions {
  /** your own id for the user; a missing or empty one is a `bad_request` */
  userId: string | undefined
  /** default 'block' */
  onUncertain?: UncertainPolicy
  /** default 'allow' (fail open, with a warning each time); see "When Huma is unavailable" */
  onUnavailable?: UnavailablePolicy
  logger?: GuardLogger
}

/** The reasons with which Huma says it had too little to judge. */
const NO_EVIDENCE: readonly string[] = ['NO_SIGNALS', 'TOO_FEW_EVENTS']
/** The server's bounds, checked here so a bad request is a 400 without a call. */
const MAX_USER_ID_LENGTH = 256
const MAX_SIGNALS_LENGTH = 32_768

/** Huma's answer in one word: uncertain when it says it lacked evidence, else its `human`. */
export function verdictOf(result: VerifyResponse): 'human' | 'not_human' | 'uncertain' {
  if (result.reasons.some((reason) => NO_EVIDENCE.includes(reason))) return 'uncertain'
  return result.human ? 'human' : 'not_human'
}

/**
 * Sorts a failure by who can cause it. The checked traffic can provoke a 400, 413 or 429, so those
 * never let a request through (or sending garbage would be a way past the check); 5xx and no answer
 * are Huma being down; anything else (401, 402, 403, a page that is not Huma's) is this site's set-up.
 */
export function outcomeOf(error: HumaError): Outcome {
  if (error.status === 0 || error.status >= 500) return 'unavailable'
  if (error.status === 429) return 'rate_limited'
  if (error.status === 400 || error.status === 413) return 'bad_request'
  return 'misconfigured'
}

function badInput(userId: unknown, signals: unknown): string | null {
  if (typeof userId !== 'string' || userId === '') return 'userId is missing'
  if (userId.length > MAX_USER_ID_LENGTH) return `userId is longer than ${MAX_USER_ID_LENGTH} characters`
  if (signals !== undefined && typeof signals !== 'string') return 'signals must be a string'
  if (typeof signals === 'string' && signals.length > MAX_SIGNALS_LENGTH) return 'signals is too long'
  return null
}

export async function checkHuman(
  client: VerifyClient,
  {
    userId,
    signals,
    action,
    onUncertain = 'block',
    onUnavailable = 'allow',
    logger = console,
  }: CheckHumanOptions,
): Promise<HumanCheck> {
  const bad = badInput(userId, signals)
  if (bad !== null) {
    const error = new HumaError({ status: 400, code: 'INVALID_REQUEST', message: bad, attempts: 0 })
    return { allowed: false, outcome: 'bad_request', result: null, error }
  }
  let result: VerifyResponse
  try {
    result = await client.verify(userId as string, { signals: signals || undefined, action })
  } catch (error) {
    if (!(error instanceof HumaError)) throw error
    const outcome = outcomeOf(error)
    const allowed = outcome === 'unavailable' && onUnavailable === 'allow'
    if (outcome === 'unavailable') {
      logger.warn(
        `huma: no verdict (${describe(error)}); ` +
          (allowed ? "let through unchecked (onUnavailable: 'allow')" : "blocked (onUnavailable: 'block')"),
      )
    }
    if (outcome === 'misconfigured') {
      logger.error(
        `huma: the human check is misconfigured (${describe(error)}); every request is blocked ` +
          'until it is fixed: check HUMA_API_KEY and HUMA_URL',
      )
    }
    return { allowed, outcome, result: null, error }
  }
  const outcome = verdictOf(result)
  const allowed = outcome === 'human' || (outcome === 'uncertain' && onUncertain === 'allow')
  return { allowed, outcome, result, error: null }
}

const describe = (error: HumaError) =>
  `${error.status === 0 ? 'no answer' : `HTTP ${error.status}`} ${error.code}: ${error.message}`

/** What a guarded route answers a blocked request: a status, headers and a short JSON body. */
export interface BlockedAnswer {
  status: 400 | 403 | 429 | 500 | 503
  headers: Record<string, string>
  body: { error: string; message: string }
}

/**
 * The default answer to a check that did not let the request through. The body never carries
 * Huma's own message for a set-up failure: that is for the operator's log, not the visitor.
 */
export function blockedAnswer(check: HumanCheck): BlockedAnswer {
  const retry: Record<string, string> =
    check.error?.retryAfter != null ? { 'Retry-After': String(check.error.retryAfter) } : {}
  const answer = (status: BlockedAnswer['status'], error: string, message: string, headers = {}) => ({
    status,
    headers,
    body: { error, message },
  })
  switch (check.outcome) {
    case 'uncertain':
      return answer(
        403,
        'HUMAN_CHECK_UNCERTAIN',
        'there was too little evidence that a person sent this; make sure the page loads huma.js, then try again',
      )
    case 'bad_request':
      return answer(400, 'BAD_REQUEST', check.error?.message ?? 'the request is malformed')
    case 'rate_limited':
      return answer(429, 'TOO_MANY_REQUESTS', 'too many attempts; try again later', retry)
    case 'unavailable':
      return answer(
        503,
        'HUMAN_CHECK_UNAVAILABLE',
        'the human check is unavailable; try again shortly',
        retry,
      )
    case 'misconfigured':
      return answer(500, 'HUMAN_CHECK_MISCONFIGURED', 'the human check is not set up correctly on this site')
    default:
      return answer(403, 'NOT_HUMAN', 'this request did not pass the human check')
  }
}
