/**
 * Content stamps (docs/stamps.md): an enrolled user judged human within STAMP_VERIFIED_WINDOW_MS stamps
 * a content hash; the stamp is a compact JWS under the server's signing keys (typ huma-stamp+jws),
 * counted toward the key's monthly stamps, stored by its id and appended to the hash-chained log in one
 * atomic step with its `stamp.created` webhook. Checks, revocations and the log's signed head, as
 * results: routes.ts maps them to statuses.
 */
import { randomBytes } from 'node:crypto'
import { describeIssue } from '../../shared/api.ts'
import {
  DEFAULT_STAMPS_PER_MONTH,
  STAMP_CREATED,
  STAMP_JWS_TYPE,
  STAMP_LOG_HEAD_TYPE,
  STAMP_TYPES,
  STAMP_VERIFIED_WINDOW_MS,
  stampCheckRequestSchema,
  stampClaimsSchema,
  stampRequestSchema,
  type StampCheckResponse,
  type StampClaims,
  type StampLogEntriesResponse,
  type StampLogHead,
  type StampResponse,
  type StampRevokeResponse,
} from '../../shared/contracts/stamps.ts'
import type { ErrorCode } from '../../shared/errors.ts'
import type { PlanLimits } from '../../shared/plans.ts'
import { normaliseUserId } from '../../shared/user-id.ts'
import type { ApiKeyRecord, KeyStore } from '../keys/store.ts'
import { monthOf, msToNextMonth } from '../limits/service.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import type { TokenService } from '../tokens/service.ts'
import type { Outbox } from '../webhooks/outbox.ts'
import type { StandingOf } from './standing.ts'
import type { StampStore } from './store.ts'

export interface StampQuota {
  limit: number
  remaining: number
  /** seconds until the month starts over */
  resetS: number
}

export type StampOutcome =
  | { ok: true; body: StampResponse; quota: StampQuota }
  | { ok: false; code: ErrorCode; message: string; quota?: StampQuota }

export interface StampService {
  stamp(caller: { key: ApiKeyRecord; plan: PlanLimits }, request: unknown): Promise<StampOutcome>
  check(request: unknown): Promise<{ ok: true; body: StampCheckResponse } | { ok: false; message: string }>
  revoke(keyId: string, stampId: string): Promise<{ ok: true; body: StampRevokeResponse } | { ok: false }>
  head(): Promise<StampLogHead>
  entries(from: number, limit: number): Promise<StampLogEntriesResponse>
}

export interface StampDeps {
  /** the stamps slice (looked up on first use) */
  store: () => StampStore
  tokens: Pick<TokenService, 'signJws' | 'checkJws'>
  userHasher: () => Promise<UserHasher>
  standingOf: StandingOf
  outbox: Pick<Outbox, 'prepare' | 'kick'>
  /** where a check reads whether the key that stamped was revoked since */
  keys: Pick<KeyStore, 'findKeyById'>
  now: () => number
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
export function newStampId(): string {
  let id = 'stmp_'
  for (const b of randomBytes(26)) id += ALPHABET[b & 31]
  return id
}

/** The plan's stamps a month: `stampsPerMonth`, or POY's free tier for a plan that does not say. */
export const stampsPerMonth = (plan: PlanLimits): number => plan.stampsPerMonth ?? DEFAULT_STAMPS_PER_MONTH

/**
 * The creator as a stamp names it: the keyed user hash under a stamp-only scope of the key, so it is
 * unlinkable across keys (customers) and differs from the `uh` of the same user's audit tokens.
 */
export const creatorHash = (hash: UserHasher, keyId: string, userId: string): string =>
  hash(`stamp:${keyId}`, normaliseUserId(userId))

const iso = (ms: number) => new Date(ms).toISOString()

export function createStampService({
  store,
  tokens,
  userHasher,
  standingOf,
  outbox,
  keys,
  now,
}: StampDeps): StampService {
  return {
    async stamp({ key, plan }, request) {
      const parsed = stampRequestSchema.safeParse(request)
      if (!parsed.success) {
        const message = describeIssue(parsed.error, request)
        return {
          ok: false,
          code: 'INVALID_REQUEST',
          message: message.startsWith('type ')
            ? `type must be one of ${STAMP_TYPES.join(', ')}`
            : message.startsWith('content_hash ') && !message.endsWith('required')
              ? 'content_hash must be the SHA-256 hex of the content (64 lower-case hex digits)'
              : message,
        }
      }
      const { content_hash, user_id, type } = parsed.data
      const time = now()
      const standing = await standingOf(key.id, user_id)
      if (!standing.enrolled)
        return {
          ok: false,
          code: 'CREATOR_NOT_VERIFIED',
          message: 'this user_id has no active enrolment: only enrolled users can stamp',
        }
      if (standing.lastVerified === null || time - standing.lastVerified > STAMP_VERIFIED_WINDOW_MS)
        return {
          ok: false,
          code: 'CREATOR_NOT_VERIFIED',
          message: 'this user_id was not judged human in the last 24 hours: verify them again, then stamp',
        }

      const limit = stampsPerMonth(plan)
      const month = monthOf(time)
      const resetS = Math.ceil(msToNextMonth(time) / 1000)
      const id = newStampId()
      const creator = creatorHash(await userHasher(), key.id, user_id)
      const timestamp = iso(time)
      const event = await outbox.prepare(STAMP_CREATED, key.id, {
        stamp_id: id,
        content_hash,
        type,
        timestamp,
        human_verified: true,
      })
      const made = await store().create({
        stamp: {
          id,
          keyId: key.id,
          contentHash: content_hash,
          type,
          creator,
          trustScore: standing.trustScore,
          createdAt: time,
        },
        month,
        limit,
        event,
      })
      const quota = { limit, remaining: Math.max(0, limit - made.used), resetS }
      if (!made.ok)
        return {
          ok: false,
          code: 'STAMP_LIMIT_EXCEEDED',
          message: `this key's ${limit} stamps for ${month} are used up`,
          quota,
        }
      outbox.kick()
      const claims: StampClaims = {
        iss: 'huma',
        stamp_id: id,
        content_hash,
        type,
        iat: Math.floor(time / 1000),
        timestamp,
        creator,
        human_verified: true,
        trust_score: standing.trustScore,
      }
      const signature = await tokens.signJws(STAMP_JWS_TYPE, claims)
      return {
        ok: true,
        body: { stamped: true, stamp_id: id, content_hash, signature, timestamp, human_verified: true },
        quota,
      }
    },

    async check(request) {
      const parsed = stampCheckRequestSchema.safeParse(request)
      if (!parsed.success) return { ok: false, message: describeIssue(parsed.error, request) }
      const { content_hash, signature } = parsed.data
      const refused = (reason: StampCheckResponse['reason']) =>
        ({ ok: true, body: { verified: false, human_verified: false, reason } }) as const
      const jws = await tokens.checkJws(signature, STAMP_JWS_TYPE)
      if (!jws.valid)
        return refused(jws.reason === 'UNKNOWN_SIGNING_KEY' ? 'unknown_signing_key' : 'invalid_signature')
      const claims = stampClaimsSchema.safeParse(jws.payload)
      if (!claims.success) return refused('invalid_signature')
      const { stamp_id, human_verified, trust_score } = claims.data
      const record = await store().find(stamp_id)
      if (!record || record.contentHash !== claims.data.content_hash) return refused('unknown_stamp')
      const intact = content_hash === record.contentHash
      const revoked = record.revokedAt !== null
      const verified = intact && !revoked
      const issuer = await keys.findKeyById(record.keyId)
      const body: StampCheckResponse = {
        verified,
        human_verified: verified && human_verified,
        stamp_id,
        stamp_age_seconds: Math.max(0, Math.floor((now() - record.createdAt) / 1000)),
        content_integrity: intact ? 'intact' : 'modified',
        creator_trust_score: trust_score,
        revoked,
        ...(record.revokedAt !== null ? { revoked_at: iso(record.revokedAt) } : {}),
        key_revoked: issuer !== null && issuer.revokedAt !== null,
        ...(revoked ? { reason: 'revoked' as const } : intact ? {} : { reason: 'content_modified' as const }),
      }
      return { ok: true, body }
    },

    async revoke(keyId, stampId) {
      const done = await store().revoke(keyId, stampId, now())
      if (!done.ok) return { ok: false }
      return { ok: true, body: { revoked: true, stamp_id: stampId, revoked_at: iso(done.revokedAt) } }
    },

    async head() {
      const head = await store().head()
      const at = head.at === null ? null : iso(head.at)
      const signature = await tokens.signJws(STAMP_LOG_HEAD_TYPE, {
        iss: 'huma',
        size: head.size,
        hash: head.hash,
        at,
      })
      return { size: head.size, hash: head.hash, at, signature }
    },

    async entries(from, limit) {
      const entries = await store().entries(from, limit)
      const last = entries.at(-1)
      return { entries, next: entries.length === limit && last ? last.seq + 1 : null }
    },
  }
}
