/**
 * What every route's OpenAPI entry shares: the example payload and token the features' examples use,
 * each error code's example and when it happens, the Error schema's field docs. test/openapi.test.ts
 * validates every example.
 */
import type { ErrorCode } from '../../shared/errors.ts'
import type { SchemaName } from './schemas.ts'

/** What the snippet sends after a few moves, a click and a key press (wire format v1, docs/signals.md). */
export const SIGNALS =
  '{"v":1,"c":{"w":1280,"h":720,"a":0,"u":0,"n":11,"d":900},"m":[100,100,200,16,7,3,16,7,3,16,7,3,16,7,3,16,7,3],' +
  '"b":[250,0,142,218,0,80,1,142,218,0,1,2,142,218,0],"k":[600,0,0,90,1,0]}'

/** An audit token, shortened: a JWT (header.payload.signature, base64url). */
export const TOKEN =
  'eyJhbGciOiJFZERTQSIsImtpZCI6IjNmOWMwYTViN2QxZTJjNDgiLCJ0eXAiOiJodW1hLWF1ZGl0K2p3dCJ9.' +
  'eyJoIjp0cnVlLCJjIjowLjkxMiwia2lkIjoia183UjJ4In0.' +
  'kQ0a8m3yq5VvJm3Wc1m3Xn8bJk6fQJ7l7Yd0b1bB9gZbq2Yw0m1l2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k'

export const ERROR_EXAMPLES: Record<ErrorCode, string> = {
  MISSING_AUTH: 'send the API key as Authorization: Bearer huma_live_...',
  INVALID_API_KEY_FORMAT: 'the API key must be huma_live_ or huma_test_ followed by 32 letters or digits',
  INVALID_API_KEY: 'the API key is unknown or revoked',
  INVALID_REQUEST: 'userId is required',
  TRIAL_EXPIRED: 'the trial of this key ended at 2026-11-24T12:00:00.000Z',
  SCOPE_NOT_ALLOWED: 'this key lacks the verify scope (it has: hosted, webhooks)',
  ORIGIN_NOT_ALLOWED: 'this key may not be used from the origin "https://evil.example"',
  NOT_FOUND: 'the snippet is not built: run npm run build',
  PAYLOAD_TOO_LARGE: 'the body must be at most 65536 bytes',
  MONTHLY_LIMIT_EXCEEDED: "this key's 1000 verifications for 2026-11 are used up",
  BURST_LIMIT_EXCEEDED: 'this key allows 60 requests a minute',
  USER_FLOOD_DETECTED: 'this userId was verified 10 times in the last minute',
  CREATOR_NOT_VERIFIED:
    'this user_id was not judged human in the last 24 hours: verify them again, then stamp',
  STAMP_LIMIT_EXCEEDED: "this key's 50 stamps for 2026-11 are used up",
  INTERNAL_ERROR: 'something went wrong on our side',
  SERVICE_UNAVAILABLE: 'the store cannot be reached; try again shortly',
}

/** When each error happens (the contract's table). */
export const ERROR_WHEN: Record<ErrorCode, string> = {
  MISSING_AUTH: 'no Authorization header',
  INVALID_API_KEY_FORMAT: 'the key is not huma_live_ or huma_test_ followed by 32 letters or digits',
  INVALID_API_KEY: 'the key is well-formed but unknown or revoked',
  INVALID_REQUEST: 'a missing or invalid field, or a body that is not JSON; the message names the field',
  TRIAL_EXPIRED: "the key's trial is over",
  SCOPE_NOT_ALLOWED:
    "the key lacks this route's scope (`verify` for /api/v1/*, `hosted` for the hosted and identity checks, `webhooks` for the webhook admin routes); checked before the burst window, so it costs nothing",
  ORIGIN_NOT_ALLOWED:
    "a browser's Origin header is not on the key's allowed origins; calls without an Origin header are never refused for it",
  NOT_FOUND: 'no such route',
  PAYLOAD_TOO_LARGE: 'the body is over 64 KB',
  MONTHLY_LIMIT_EXCEEDED: "the plan's verifications for this month (UTC) are used up; X-Quota-* headers",
  BURST_LIMIT_EXCEEDED: "the plan's requests per minute are used up",
  USER_FLOOD_DETECTED: 'the same userId was verified more than 10 times in a minute under this key',
  CREATOR_NOT_VERIFIED: "a stamp's user_id is not enrolled, or was not judged human in the last 24 hours",
  STAMP_LIMIT_EXCEEDED:
    "the plan's stamps for this month (UTC) are used up; X-RateLimit-* headers give the month's limit and its reset",
  INTERNAL_ERROR: 'a bug on our side',
  SERVICE_UNAVAILABLE: 'the store cannot be reached',
}

/** Descriptions of schema properties, by dotted path; the document build fails on a path the schema lacks. */
export const FIELD_DOCS: Partial<Record<SchemaName, Record<string, string>>> = {
  Error: { error: 'the error code', message: 'a short explanation that names the field or limit' },
}
