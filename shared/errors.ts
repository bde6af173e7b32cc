/** Error codes of the public API. Kept exactly as the published contract names them. */
export const ERROR_STATUS = {
  MISSING_AUTH: 401,
  INVALID_API_KEY_FORMAT: 401,
  INVALID_API_KEY: 401,
  INVALID_REQUEST: 400,
  TRIAL_EXPIRED: 402,
  /** the key lacks the scope this route group needs (huma keys scopes) */
  SCOPE_NOT_ALLOWED: 403,
  /** a browser call from an Origin that is not on the key's allowed origins (huma keys origins) */
  ORIGIN_NOT_ALLOWED: 403,
  /** a stamp's user_id is not enrolled, or was not judged human within the last 24 hours */
  CREATOR_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  MONTHLY_LIMIT_EXCEEDED: 429,
  BURST_LIMIT_EXCEEDED: 429,
  USER_FLOOD_DETECTED: 429,
  /** the key's stamps for the calendar month (UTC) are used up */
  STAMP_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export interface ErrorBody {
  error: ErrorCode
  message: string
}
