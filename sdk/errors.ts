/** The one error type the SDK throws: an API error, or a failure to get an answer at all. */
import type { ErrorCode } from './types.ts'

/**
 * Codes the client adds to the API's own: the request never got an answer (`NETWORK_ERROR`,
 * `TIMEOUT`, status 0), or the answer was not one of ours (`UNEXPECTED_RESPONSE`, e.g. a proxy's HTML page).
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'UNEXPECTED_RESPONSE'
export type HumaErrorCode = ErrorCode | ClientErrorCode

export interface HumaErrorInit {
  status: number
  code: HumaErrorCode
  message: string
  retryAfter?: number | null
  attempts?: number
  cause?: unknown
}

export class HumaError extends Error {
  override name = 'HumaError'
  /** HTTP status; 0 when no response arrived */
  readonly status: number
  readonly code: HumaErrorCode
  /** seconds the server asked us to wait (Retry-After), or null */
  readonly retryAfter: number | null
  /** how many requests were sent before giving up */
  readonly attempts: number

  constructor({ status, code, message, retryAfter = null, attempts = 1, cause }: HumaErrorInit) {
    super(message, cause === undefined ? undefined : { cause })
    this.status = status
    this.code = code
    this.retryAfter = retryAfter
    this.attempts = attempts
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000))
}
