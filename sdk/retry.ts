/** When to try again: transient failures back off exponentially with full jitter; 4xx never retry. */
import type { HumaError } from './errors.ts'

export interface RetryPolicy {
  retries: number
  baseDelayMs: number
  maxDelayMs: number
  retryOn429: boolean
}

/** Statuses that say "not now" about the server, not "no" about the request. 0 = no response. */
const TRANSIENT = new Set([0, 502, 503, 504])
/**
 * The one 429 a short wait cures: the key's per-minute window. USER_FLOOD_DETECTED is a verdict on
 * the user (retrying would only feed the flood) and MONTHLY_LIMIT_EXCEEDED lasts until next month.
 */
const WAITABLE_429 = 'BURST_LIMIT_EXCEEDED'

/**
 * Milliseconds to wait before attempt `attempt + 1`, or null to give up. Full jitter (a uniform wait
 * below an exponentially growing cap) keeps many clients from retrying in lockstep after an outage.
 */
export function retryDelay(
  policy: RetryPolicy,
  error: HumaError,
  attempt: number,
  random = Math.random,
): number | null {
  if (attempt > policy.retries) return null
  if (TRANSIENT.has(error.status)) {
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
    return Math.floor(random() * cap)
  }
  if (error.status === 429 && policy.retryOn429 && error.retryAfter !== null && error.code === WAITABLE_429) {
    return error.retryAfter * 1000
  }
  return null
}
