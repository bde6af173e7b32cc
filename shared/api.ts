/** Schemas of the public HTTP API. Every external input is parsed once, at the edge, by these. */
import { z } from 'zod'
import { MAX_SIGNALS_LENGTH } from './signals.ts'
import { REASONS } from './reasons.ts'

export const ACTION_PATTERN = /^[A-Za-z0-9_/]{1,32}$/
export const MAX_USER_ID_LENGTH = 256
/** Bodies larger than this are refused with 413 before they are read whole. */
export const MAX_BODY_BYTES = 64 * 1024

export const verifyRequestSchema = z.object({
  userId: z.string().min(1).max(MAX_USER_ID_LENGTH),
  signals: z.string().max(MAX_SIGNALS_LENGTH).optional(),
  action: z.string().regex(ACTION_PATTERN).optional(),
})
export type VerifyRequest = z.infer<typeof verifyRequestSchema>

export const verifyResponseSchema = z.object({
  human: z.boolean(),
  confidence: z.number().min(0).max(1),
  token: z.string(),
  pii_stored: z.literal(false),
  reasons: z.array(z.enum(REASONS)),
})
export type VerifyResponse = z.infer<typeof verifyResponseSchema>

export const tokenVerifyRequestSchema = z.object({
  token: z.string().min(1).max(4096),
  userId: z.string().min(1).max(MAX_USER_ID_LENGTH).optional(),
})
export type TokenVerifyRequest = z.infer<typeof tokenVerifyRequestSchema>

/** What an audit token says. `user_hash` is a keyed hash of the userId, never the userId. */
export const tokenClaimsSchema = z.object({
  human: z.boolean(),
  confidence: z.number().min(0).max(1),
  key_id: z.string(),
  /** issued under a sandbox (huma_test_) key: a fixed answer, not a verdict */
  sandbox: z.boolean(),
  action: z.string().nullable(),
  issued_at: z.string(),
  expires_at: z.string(),
})
export type TokenClaims = z.infer<typeof tokenClaimsSchema>

export const tokenVerifyResponseSchema = z.object({
  valid: z.boolean(),
  /**
   * why the token is not valid: MALFORMED (also any string other than the token's one canonical form),
   * BAD_SIGNATURE, UNKNOWN_SIGNING_KEY (never ours, or its signing key was retired) or EXPIRED
   */
  reason: z.string().optional(),
  claims: tokenClaimsSchema.optional(),
  /** whether the token was issued for the given userId; null when no userId was given or the token is another key's */
  user_match: z.boolean().nullable().optional(),
  /**
   * on a valid token: true when the API key it was issued under has since been revoked. The token is
   * authentic, but whoever held that key may have minted it after a leak: treat it as not valid.
   */
  key_revoked: z.boolean().optional(),
})
export type TokenVerifyResponse = z.infer<typeof tokenVerifyResponseSchema>

/** The short message for the first problem zod found, naming the field, never zod's issue list. */
export function describeIssue(error: z.ZodError, input: unknown, prefix = ''): string {
  const issue = error.issues[0]
  if (!issue) return 'the body is invalid'
  const field = prefix + issue.path.map(String).join('.')
  if (!field) return 'the body must be a JSON object'
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return `${field} is required`
  if (issue.code === 'invalid_type') return `${field} must be a ${issue.expected}`
  if (issue.code === 'too_small') return `${field} must not be empty`
  if (issue.code === 'too_big') return `${field} is too long`
  if (issue.code === 'invalid_format') return `${field} has an invalid format`
  return `${field} is invalid`
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}
