/**
 * The API's shapes as the client sees them: plain types, so the published package needs no schema
 * library. test/sdk-types.test.ts fails the type-check when they drift from shared/api.ts.
 */

/** Why a verdict came out as it did; docs/scoring.md explains each. Codes are only ever added. */
export type Reason =
  | 'NO_SIGNALS'
  | 'TOO_FEW_EVENTS'
  | 'AUTOMATION_FLAG'
  | 'UNTRUSTED_EVENTS'
  | 'IMPOSSIBLE_TIMING'
  | 'LINEAR_MOTION'
  | 'REGULAR_TIMING'
  | 'TELEPORT'
  | 'HUMAN_MOTION'
  | 'HUMAN_TYPING'
  | 'HUMAN_SCROLL'
  | 'HUMAN_TOUCH'
  | 'REPLAYED_SIGNALS'
  | 'SANDBOX'
  | 'CHALLENGE_FAILED'

/** The body of `POST /api/v1/verify`. */
export interface VerifyResponse {
  human: boolean
  confidence: number
  token: string
  pii_stored: false
  reasons: Reason[]
}

/** What an audit token says. */
export interface TokenClaims {
  human: boolean
  confidence: number
  key_id: string
  /** issued under a sandbox (huma_test_) key: a fixed answer, not a verdict */
  sandbox: boolean
  action: string | null
  issued_at: string
  expires_at: string
}

/** The body of `POST /api/v1/tokens/verify`. */
export interface TokenVerifyResponse {
  valid: boolean
  /** why the token is not valid: MALFORMED, BAD_SIGNATURE, UNKNOWN_SIGNING_KEY, EXPIRED, KEY_REVOKED */
  reason?: string
  claims?: TokenClaims
  /** whether the token was issued for the given userId; null when no userId was given or the token is another key's */
  user_match?: boolean | null
  /** the key the token was issued under has been revoked since; the client then answers `valid: false` */
  key_revoked?: boolean
}

/** Error codes of the API. */
export type ErrorCode =
  | 'MISSING_AUTH'
  | 'INVALID_API_KEY_FORMAT'
  | 'INVALID_API_KEY'
  | 'INVALID_REQUEST'
  | 'TRIAL_EXPIRED'
  | 'SCOPE_NOT_ALLOWED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'MONTHLY_LIMIT_EXCEEDED'
  | 'BURST_LIMIT_EXCEEDED'
  | 'USER_FLOOD_DETECTED'
  | 'CREATOR_NOT_VERIFIED'
  | 'STAMP_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE'
