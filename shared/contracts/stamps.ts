/**
 * The POY Verify contract's content stamps (docs/stamps.md): request and answer schemas with the
 * original field names, the stamp JWS's claims and the stamp log's entries and signed head. The routes
 * parse with these, OpenAPI is generated from them.
 */
import { z } from 'zod'

export const STAMP_TYPES = ['text', 'image', 'video', 'audio', 'document'] as const
export type StampType = (typeof STAMP_TYPES)[number]

/** SHA-256 of the content, as 64 lower-case hex digits: the only thing of the content Huma ever sees */
export const CONTENT_HASH = /^[0-9a-f]{64}$/
/** `stmp_` + 26 base32 characters */
export const STAMP_ID = /^stmp_[a-z2-7]{26}$/
/** the JWS `typ` of a stamp: never an audit token's (`huma-audit+jwt`), checked both ways */
export const STAMP_JWS_TYPE = 'huma-stamp+jws'
/** the JWS `typ` of the stamp log's signed head */
export const STAMP_LOG_HEAD_TYPE = 'huma-stamp-log+jws'
/** a stamp's creator counts as recently verified when last judged human this long ago at most */
export const STAMP_VERIFIED_WINDOW_MS = 24 * 3_600_000
/** the stamps a plan without `stampsPerMonth` allows a month (POY's free tier) */
export const DEFAULT_STAMPS_PER_MONTH = 50
/** the longest JWS a check accepts */
export const MAX_STAMP_JWS_LENGTH = 2048
export const MAX_LOG_ENTRIES_LISTED = 500

const contentHash = z
  .string()
  .regex(CONTENT_HASH, 'must be the SHA-256 hex of the content (64 lower-case hex digits)')

export const stampRequestSchema = z.object({
  content_hash: contentHash,
  user_id: z.string().min(1).max(256),
  type: z.enum(STAMP_TYPES),
})
export type StampRequest = z.infer<typeof stampRequestSchema>

export const stampResponseSchema = z.object({
  stamped: z.literal(true),
  stamp_id: z.string().regex(STAMP_ID),
  content_hash: z.string().regex(CONTENT_HASH),
  /** a compact JWS (EdDSA, `typ` huma-stamp+jws) checkable offline with /.well-known/jwks.json */
  signature: z.string(),
  /** ISO-8601 (UTC), when the stamp was made */
  timestamp: z.string(),
  /** the creator was enrolled and judged human within STAMP_VERIFIED_WINDOW_MS (always true: others are refused) */
  human_verified: z.boolean(),
})
export type StampResponse = z.infer<typeof stampResponseSchema>

export const stampCheckRequestSchema = z.object({
  content_hash: contentHash,
  signature: z.string().min(1).max(MAX_STAMP_JWS_LENGTH),
})

/** why a check is `verified: false` */
export const STAMP_CHECK_REASONS = [
  /** not a stamp JWS this server signed (forged, altered, another typ such as an audit token) */
  'invalid_signature',
  /** signed by a key this server does not have (another server, or a key since removed) */
  'unknown_signing_key',
  /** genuine, but this server has no record of it */
  'unknown_stamp',
  /** genuine, but the content hash given is not the one stamped */
  'content_modified',
  /** genuine, and revoked by the key that made it */
  'revoked',
] as const
export type StampCheckReason = (typeof STAMP_CHECK_REASONS)[number]

export const stampCheckResponseSchema = z.object({
  verified: z.boolean(),
  human_verified: z.boolean(),
  /** absent when the signature is not a genuine stamp */
  stamp_id: z.string().regex(STAMP_ID).optional(),
  stamp_age_seconds: z.number().int().min(0).optional(),
  content_integrity: z.enum(['intact', 'modified']).optional(),
  /** the creator's trust score when the stamp was made */
  creator_trust_score: z.number().min(0).max(100).optional(),
  revoked: z.boolean().optional(),
  revoked_at: z.string().optional(),
  /**
   * the API key that stamped was revoked since (as an audit token's `key_revoked`): the stamp stays
   * authentic, but may have been made by whoever held a leaked key
   */
  key_revoked: z.boolean().optional(),
  reason: z.enum(STAMP_CHECK_REASONS).optional(),
})
export type StampCheckResponse = z.infer<typeof stampCheckResponseSchema>

export const stampRevokeResponseSchema = z.object({
  revoked: z.literal(true),
  stamp_id: z.string().regex(STAMP_ID),
  revoked_at: z.string(),
})
export type StampRevokeResponse = z.infer<typeof stampRevokeResponseSchema>

/** The claims of a stamp JWS (also what an offline check reads). */
export const stampClaimsSchema = z.object({
  iss: z.literal('huma'),
  stamp_id: z.string().regex(STAMP_ID),
  content_hash: z.string().regex(CONTENT_HASH),
  type: z.enum(STAMP_TYPES),
  /** seconds */
  iat: z.number().int(),
  /** ISO-8601 with milliseconds */
  timestamp: z.string(),
  /** the creator's keyed hash, scoped to the key that stamped (unlinkable across customers) */
  creator: z.string().min(1).max(64),
  human_verified: z.boolean(),
  trust_score: z.number().min(0).max(100),
})
export type StampClaims = z.infer<typeof stampClaimsSchema>

/** One entry of the stamp log, as served and as hashed (canonical JSON, these keys in this order). */
export const stampLogEntrySchema = z.object({
  seq: z.number().int().min(1),
  kind: z.enum(['stamp', 'revoke']),
  stamp_id: z.string().regex(STAMP_ID),
  /** the stamped hash (a revocation repeats it) */
  content_hash: z.string().regex(CONTENT_HASH),
  /** the creator's keyed hash (a revocation repeats it) */
  creator: z.string(),
  /** epoch ms, never before the previous entry's */
  at: z.number().int(),
  /** the previous entry's hash (64 zeros before the first) */
  prev: z.string().regex(CONTENT_HASH),
  /** SHA-256 hex of prev + "\n" + the canonical entry */
  hash: z.string().regex(CONTENT_HASH),
})
export type StampLogEntry = z.infer<typeof stampLogEntrySchema>

export const stampLogHeadSchema = z.object({
  /** entries in the log (the last one's seq); 0 when empty */
  size: z.number().int().min(0),
  /** the last entry's hash (64 zeros when empty) */
  hash: z.string().regex(CONTENT_HASH),
  /** ISO-8601: the last entry's time (null when empty) */
  at: z.string().nullable(),
  /** compact JWS (EdDSA, typ huma-stamp-log+jws) over {iss, size, hash, at} */
  signature: z.string(),
})
export type StampLogHead = z.infer<typeof stampLogHeadSchema>

export const stampLogEntriesQuerySchema = z.object({
  from: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_LOG_ENTRIES_LISTED).default(100),
})

export const stampLogEntriesResponseSchema = z.object({
  entries: z.array(stampLogEntrySchema),
  /** the `from` of the next page, null at the end */
  next: z.number().int().nullable(),
})
export type StampLogEntriesResponse = z.infer<typeof stampLogEntriesResponseSchema>

export const GENESIS_HASH = '0'.repeat(64)

/** the webhook event a stamp sends its key's endpoint (server/webhooks/events.ts) */
export const STAMP_CREATED = 'stamp.created'
export const stampCreatedSchema = z.object({
  stamp_id: z.string().regex(STAMP_ID),
  content_hash: z.string().regex(CONTENT_HASH),
  type: z.enum(STAMP_TYPES),
  timestamp: z.string(),
  human_verified: z.boolean(),
})
