/**
 * The human check for any framework: ask Huma, compare with the bar, and decide what a failure to
 * get a verdict means. Express, Fastify, Next.js... call this; sdk/hono.ts wraps it for Hono.
 */
import type { VerifyResponse } from '../shared/api.ts'
import { HumaError } from './errors.ts'
import type { VerifyOptions } from './node.ts'

/** Anything with Huma's verify: the client, or a stand-in in tests. */
export interface VerifyClient {
  verify(userId: string, options?: VerifyOptions): Promise<VerifyResponse>
}

/** What to do when Huma cannot give a verdict for a reason the checked request cannot cause. */
export type UnavailablePolicy = 'allow' | 'block'

export interface CheckHumanOptions extends VerifyOptions {
  userId: string
  /** allowed when `confidence >= minConfidence`; default 0.5 (the same bar as `human`) */
  minConfidence?: number
  /** default 'allow' (fail open): see docs/sdk.md, "When Huma is unavailable" */
  onUnavailable?: UnavailablePolicy
}

export interface HumanCheck {
  allowed: boolean
  /** Huma's verdict; null when there was none and `error` decided */
  result: VerifyResponse | null
  /** why there is no verdict; null when Huma answered */
  error: HumaError | null
}

/**
 * True for failures that say nothing about the request being checked: Huma down or unreachable
 * (5xx, network, timeout, not our JSON) or this key not served (401, 402). Everything else - 400
 * malformed signals, 413, every 429 - can be provoked by the very traffic being checked, so it
 * blocks whatever the policy: otherwise sending garbage or flooding would be a way past the check.
 */
export function isUnavailable(error: HumaError): boolean {
  return error.status === 0 || error.status >= 500 || error.status === 401 || error.status === 402
}

export async function checkHuman(
  client: VerifyClient,
  { userId, signals, action, minConfidence = 0.5, onUnavailable = 'allow' }: CheckHumanOptions,
): Promise<HumanCheck> {
  try {
    const result = await client.verify(userId, { signals, action })
    return { allowed: result.confidence >= minConfidence, result, error: null }
  } catch (error) {
    if (!(error instanceof HumaError)) throw error
    return { allowed: isUnavailable(error) && onUnavailable === 'allow', result: null, error }
  }
}
