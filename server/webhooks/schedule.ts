/**
 * The published retry schedule (docs/webhooks.md): the first attempt at once, then after each failure
 * the next delay below, each with ±10% jitter so a destination that was down is not hit by every
 * delivery in the same second when it comes back. After the last, the delivery has failed.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const

/** attempts in all: the first, then one per delay */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1
export const JITTER = 0.1
/** A Retry-After longer than this is taken as this (a destination cannot park a delivery for a year). */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000

/**
 * When to try again after the `attempts`-th attempt failed, or null when the schedule is spent.
 * A Retry-After the destination sent moves the attempt later, never earlier.
 */
export function nextAttemptAt(
  attempts: number,
  now: number,
  random: () => number,
  retryAfterMs: number | null = null,
): number | null {
  const delay = RETRY_DELAYS_MS[attempts - 1]
  if (delay === undefined) return null
  const jittered = Math.round(delay * (1 + JITTER * (2 * random() - 1)))
  const asked = retryAfterMs === null ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS)
  return now + Math.max(jittered, asked)
}

/** A Retry-After header (seconds, or an HTTP date) as ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}
