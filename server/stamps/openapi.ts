/** The stamp routes as routes of the OpenAPI document (server/openapi/route.ts), beside their handlers. */
import {
  stampCheckRequestSchema,
  stampCheckResponseSchema,
  stampLogEntriesResponseSchema,
  stampLogHeadSchema,
  stampRequestSchema,
  stampResponseSchema,
  stampRevokeResponseSchema,
} from '../../shared/contracts/stamps.ts'
import { API_ERRORS, AUTH_ERRORS, RATE, SERVER_ERRORS } from '../openapi/operations.ts'
import { defineRoute } from '../openapi/route.ts'

const HASH = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
const STAMP_ID = 'stmp_k7q2xw4mzr3tbnf5yhcd6a2vpe'
const JWS =
  'eyJhbGciOiJFZERTQSIsImtpZCI6IjNmOWMwYTViN2QxZTJjNDgiLCJ0eXAiOiJodW1hLXN0YW1wK2p3cyJ9.' +
  'eyJpc3MiOiJodW1hIiwic3RhbXBfaWQiOiJzdG1wX2s3cTJ4dzRtenIzdGJuZjV5aGNkNmEycHZlIn0.' +
  'kQ0a8m3yq5VvJm3Wc1m3Xn8bJk6fQJ7l7Yd0b1bB9gZbq2Yw0m1l2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k'
const TAG = 'Content stamps'

export const stampRoute = defineRoute({
  method: 'post',
  path: '/v1/stamp',
  operationId: 'stamp',
  tag: TAG,
  summary: 'Stamp a content hash',
  description:
    'Signs that an enrolled user, judged human in the last 24 hours, stamped this SHA-256 hash (the ' +
    "server never sees the content). Counts one of the plan's stamps for the calendar month (UTC), " +
    'appends the stamp to the public hash-chained log and sends `stamp.created`. See docs/stamps.md.',
  auth: true,
  request: {
    mediaType: 'application/json',
    schema: { name: 'StampRequest', schema: stampRequestSchema, io: 'input' },
    example: { content_hash: HASH, user_id: 'user_8412', type: 'image' },
  },
  ok: {
    description: 'the stamp',
    mediaType: 'application/json',
    schema: { name: 'StampResponse', schema: stampResponseSchema, io: 'output' },
    headers: RATE,
    example: {
      stamped: true,
      stamp_id: STAMP_ID,
      content_hash: HASH,
      signature: JWS,
      timestamp: '2026-11-10T12:00:00.000Z',
      human_verified: true,
    },
  },
  errors: [...API_ERRORS, 'CREATOR_NOT_VERIFIED', 'STAMP_LIMIT_EXCEEDED', ...SERVER_ERRORS],
})

export const stampCheckRoute = defineRoute({
  method: 'post',
  path: '/v1/stamp/check',
  operationId: 'stampCheck',
  tag: TAG,
  summary: 'Check a stamp against a content hash',
  description:
    '`verified` is true only for a genuine stamp of this server, not revoked, whose hash is the one ' +
    'given. A forged, altered or foreign signature answers `verified: false` with a `reason` and no ' +
    'other fields; a genuine one also says its age, whether the content is `intact` or `modified`, ' +
    "the creator's trust score when stamping, and whether it was revoked. Uses no monthly quota.",
  auth: true,
  request: {
    mediaType: 'application/json',
    schema: { name: 'StampCheckRequest', schema: stampCheckRequestSchema, io: 'input' },
    example: { content_hash: HASH, signature: JWS },
  },
  ok: {
    description: 'the check',
    mediaType: 'application/json',
    schema: {
      name: 'StampCheckResponse',
      schema: stampCheckResponseSchema,
      io: 'output',
      fields: {
        reason:
          'why `verified` is false: invalid_signature, unknown_signing_key, unknown_stamp, content_modified or revoked',
        stamp_age_seconds: 'seconds since the stamp was made',
        creator_trust_score: "the creator's trust score when the stamp was made",
      },
    },
    headers: RATE,
    example: {
      verified: true,
      human_verified: true,
      stamp_id: STAMP_ID,
      stamp_age_seconds: 3600,
      content_integrity: 'intact',
      creator_trust_score: 98.2,
      revoked: false,
      key_revoked: false,
    },
  },
  errors: [...API_ERRORS, ...SERVER_ERRORS],
})

export const stampRevokeRoute = defineRoute({
  method: 'post',
  path: '/v1/stamp/{stamp_id}/revoke',
  operationId: 'stampRevoke',
  tag: TAG,
  summary: 'Revoke a stamp',
  description:
    'Only the key that made the stamp may revoke it (any other key gets 404, as for an unknown id). ' +
    'The revocation is appended to the log; checks then answer `revoked: true, verified: false`. ' +
    'Revoking again answers the first revocation.',
  auth: true,
  ok: {
    description: 'revoked',
    mediaType: 'application/json',
    schema: { name: 'StampRevokeResponse', schema: stampRevokeResponseSchema, io: 'output' },
    headers: RATE,
    example: { revoked: true, stamp_id: STAMP_ID, revoked_at: '2026-11-10T13:00:00.000Z' },
  },
  errors: [...AUTH_ERRORS, 'BURST_LIMIT_EXCEEDED', 'NOT_FOUND', ...SERVER_ERRORS],
})

export const stampLogHeadRoute = defineRoute({
  method: 'get',
  path: '/v1/stamps/log/head',
  operationId: 'stampLogHead',
  tag: TAG,
  summary: "The stamp log's signed head",
  description:
    "The number of entries, the last entry's hash and time, and a JWS (typ huma-stamp-log+jws, the " +
    "JWKS's keys) over them. Public. Keep the heads you fetch: a later log must extend them. " +
    '`huma stamps verify-log` re-walks the log up to this head.',
  auth: false,
  ok: {
    description: 'the head',
    mediaType: 'application/json',
    schema: { name: 'StampLogHead', schema: stampLogHeadSchema, io: 'output' },
    example: { size: 2, hash: HASH, at: '2026-11-10T13:00:00.000Z', signature: JWS },
  },
  errors: SERVER_ERRORS,
})

export const stampLogEntriesRoute = defineRoute({
  method: 'get',
  path: '/v1/stamps/log/entries',
  operationId: 'stampLogEntries',
  tag: TAG,
  summary: "The stamp log's entries",
  description:
    'Entries from `from` (1-based, default 1), at most `limit` (default 100, at most 500), each with ' +
    'its hash and the hash before it. Public; entries name stamps by id, content hash and the ' +
    "creator's keyed hash only.",
  auth: false,
  ok: {
    description: 'a page of entries',
    mediaType: 'application/json',
    schema: { name: 'StampLogEntries', schema: stampLogEntriesResponseSchema, io: 'output' },
  },
  errors: ['INVALID_REQUEST', ...SERVER_ERRORS],
})
