/**
 * VerifyYou's "business connect" contract, served by Huma exactly as published: paths, field names,
 * values and failure codes are the original's. Routes parse with these schemas (server/hosted/routes.ts),
 * the OpenAPI document is built from them. Imports nothing of ours but zod.
 */
import { z } from 'zod'

export const REGISTER_PATH = '/v1/business_connect_user/register'
export const GET_STATUS_PATH = '/v1/business_connect_user/get_status'

/**
 * The documented, stable set of failure codes and the HTTP status each is answered with. The first five
 * are the contract's; the rest are the same codes verify answers for the same causes (auth, limits, size).
 */
export const FAILURE_STATUS = {
  INVALID_REQUEST: 400,
  DOES_NOT_EXIST: 404,
  ALREADY_VERIFIED_IN_REGION: 409,
  INVITE_EXPIRED: 410,
  /** the invite's one-time code was already spent on a completed check */
  INVITE_ALREADY_USED: 410,
  MISSING_AUTH: 401,
  INVALID_API_KEY_FORMAT: 401,
  INVALID_API_KEY: 401,
  TRIAL_EXPIRED: 402,
  SCOPE_NOT_ALLOWED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  PAYLOAD_TOO_LARGE: 413,
  BURST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const
export type FailureCode = keyof typeof FAILURE_STATUS
export const FAILURE_CODES = Object.keys(FAILURE_STATUS) as [FailureCode, ...FailureCode[]]

export const DATA_REQUEST_TYPES = [
  'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID',
  'IS_PHONE_NUMBER_VERIFIED',
] as const
export type DataRequestType = (typeof DATA_REQUEST_TYPES)[number]

export const MAX_REFERENCE_USER_ID_LENGTH = 256
export const MAX_REDIRECT_URL_LENGTH = 2048
export const MAX_REGION_ID_LENGTH = 128
export const MAX_STATE_LENGTH = 512

export const registerRequestSchema = z.object({
  reference_user_id: z.string().min(1).max(MAX_REFERENCE_USER_ID_LENGTH),
  /** where the person is sent when the check is done; must be on the key's allowed redirect origins */
  redirect_url: z.string().min(1).max(MAX_REDIRECT_URL_LENGTH).optional(),
  uniqueness_region_id: z.string().min(1).max(MAX_REGION_ID_LENGTH).optional(),
  data_request: z.object({ type: z.enum(DATA_REQUEST_TYPES) }),
  /** Huma's addition: an opaque value handed back on the redirect, as OAuth's `state` */
  state: z.string().max(MAX_STATE_LENGTH).optional(),
})
export type RegisterRequest = z.infer<typeof registerRequestSchema>

export const registerResponseSchema = z.object({
  status: z.literal('success'),
  invite_url: z.string(),
  user_id: z.string(),
  connection_verified: z.boolean(),
})
export type RegisterResponse = z.infer<typeof registerResponseSchema>

export const getStatusRequestSchema = z.object({
  reference_user_id: z.string().min(1).max(MAX_REFERENCE_USER_ID_LENGTH),
})
export type GetStatusRequest = z.infer<typeof getStatusRequestSchema>

export const simpleDataRequestResponseSchema = z.object({
  humanness_score: z.number().int().min(0).max(100).optional(),
  fulfillment_time_s: z.number().int().min(0).optional(),
  unique_human_id: z.string().optional(),
  is_phone_number_verified: z.boolean().optional(),
})

export const getStatusResponseSchema = z.object({
  status: z.literal('success'),
  user_id: z.string(),
  has_connection: z.boolean(),
  simple_data_request_response: simpleDataRequestResponseSchema.optional(),
})
export type GetStatusResponse = z.infer<typeof getStatusResponseSchema>

export const failureResponseSchema = z.object({
  status: z.literal('failure'),
  failure_code: z.enum(FAILURE_CODES),
  failure_reason: z.string(),
})
export type FailureResponse = z.infer<typeof failureResponseSchema>

const b64 = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/)

/** A passkey just made (navigator.credentials.create), in WebAuthn's JSON form. */
export const passkeyCreatedSchema = z.object({
  kind: z.literal('create'),
  id: b64(1024),
  rawId: b64(1024),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64(8192),
    attestationObject: b64(16384),
    transports: z.array(z.string().max(32)).max(8).optional(),
  }),
})

/** An existing passkey used (navigator.credentials.get), in WebAuthn's JSON form. */
export const passkeyUsedSchema = z.object({
  kind: z.literal('get'),
  id: b64(1024),
  rawId: b64(1024),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64(8192),
    authenticatorData: b64(8192),
    signature: b64(1024),
    userHandle: b64(512).optional(),
  }),
})

/** The check page's completion (Huma's own, not the contract's): the snippet's signals and the passkey. */
export const completeRequestSchema = z.object({
  signals: z.string().max(64 * 1024),
  /** absent for IS_PHONE_NUMBER_VERIFIED, which asks for no unique id */
  passkey: z.discriminatedUnion('kind', [passkeyCreatedSchema, passkeyUsedSchema]).optional(),
})
export type CompleteRequest = z.infer<typeof completeRequestSchema>
export type PasskeyResponse = NonNullable<CompleteRequest['passkey']>

export const completeResponseSchema = z.object({
  status: z.literal('success'),
  /** where the page sends the person next: the redirect_url with user_id, state and token; or null */
  redirect: z.string().nullable(),
  humanness_score: z.number().int().min(0).max(100),
})

/** "Missing required field: reference_user_id", or what is wrong with the field, named. */
export function describeFailure(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0]
  if (!issue) return 'The request body is invalid'
  const field = issue.path.map(String).join('.')
  if (!field) return 'The request body must be a JSON object'
  // a missing field, whatever its schema (zod reports a missing enum as invalid_value)
  if (valueAt(input, issue.path) === undefined) return `Missing required field: ${field}`
  if (issue.code === 'invalid_type') return `Invalid field: ${field} must be a ${issue.expected}`
  if (issue.code === 'too_small') return `Invalid field: ${field} must not be empty`
  if (issue.code === 'too_big') return `Invalid field: ${field} is too long`
  if (issue.code === 'invalid_value') return `Invalid field: ${field} must be one of the documented values`
  return `Invalid field: ${field}`
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

// ─── Webhooks (issue-18-webhooks owns this block) ──────────────────────────────────────────────────
// The webhook admin routes: the original's create_or_edit, and list, delete, rotate_secret and the
// delivery log with redelivery under the same /v1/webhook/admin/ prefix, all POST with a JSON body as
// the original's routes are. The event types are server/webhooks/events.ts's registry.

export const WEBHOOK_ADMIN_PATHS = {
  createOrEdit: '/v1/webhook/admin/config/create_or_edit',
  list: '/v1/webhook/admin/config/list',
  delete: '/v1/webhook/admin/config/delete',
  rotateSecret: '/v1/webhook/admin/config/rotate_secret',
  deliveries: '/v1/webhook/admin/deliveries/list',
  redeliver: '/v1/webhook/admin/deliveries/redeliver',
} as const

export const WEBHOOK_TYPE_VALUES = [
  'USER_VERIFICATION_COMPLETED',
  /** an identity check (POST /verif/submit) completed: shared/contracts/idv.ts */
  'IDENTITY_VERIFICATION_COMPLETED',
  /** POY Verify's enrolment and trust events (shared/contracts/trust.ts, docs/trust.md) */
  'enrollment.created',
  'enrollment.revoked',
  'verification.completed',
  'trust.changed',
  /** a content stamp was made (POST /v1/stamp): shared/contracts/stamps.ts */
  'stamp.created',
] as const
export const MAX_DESTINATION_URL_LENGTH = 2048
export const MAX_DELIVERIES_LISTED = 100
const webhookType = z.enum(WEBHOOK_TYPE_VALUES)
const webhookId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^msg_[a-z2-7]+$/)

export const webhookCreateOrEditRequestSchema = z.object({
  webhook_type: webhookType,
  /** https; http only to a loopback address when the server runs with HUMA_DEV_MODE=on */
  destination_url: z.string().min(1).max(MAX_DESTINATION_URL_LENGTH),
})
export const webhookTypeRequestSchema = z.object({ webhook_type: webhookType })
export const webhookListRequestSchema = z.object({}).optional()
export const webhookDeliveriesRequestSchema = z
  .object({
    webhook_type: webhookType.optional(),
    limit: z.number().int().min(1).max(MAX_DELIVERIES_LISTED).optional(),
  })
  .optional()
export const webhookRedeliverRequestSchema = z.object({ webhook_id: webhookId })

const isoTime = z.string().describe('ISO-8601 time')

export const webhookConfigSchema = z.object({
  webhook_type: webhookType,
  destination_url: z.string(),
  /** false once a run of failures (or a 410 Gone) disabled it; an edit enables it again */
  enabled: z.boolean(),
  disabled_at: isoTime.nullable(),
  /** failed attempts in a row */
  consecutive_failures: z.number().int(),
  created_at: isoTime,
  updated_at: isoTime,
})

export const webhookCreateOrEditResponseSchema = z.object({
  status: z.literal('success'),
  /** true when the destination was new; an edit keeps the secret */
  created: z.boolean(),
  /** whsec_...: only in the answer that created the destination (and from rotate_secret) */
  secret: z.string().optional(),
  webhook: webhookConfigSchema,
})
export const webhookListResponseSchema = z.object({
  status: z.literal('success'),
  webhooks: z.array(webhookConfigSchema),
})
export const webhookDeleteResponseSchema = z.object({ status: z.literal('success') })
export const webhookRotateResponseSchema = z.object({
  status: z.literal('success'),
  /** the new whsec_ secret: every attempt from now on is signed with it */
  secret: z.string(),
})

export const WEBHOOK_DELIVERY_STATUSES = [
  'pending',
  'delivered',
  'failed',
  'gone',
  'no_destination',
  'disabled',
] as const
export const webhookDeliverySchema = z.object({
  webhook_id: z.string(),
  webhook_type: webhookType,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  last_attempt_at: isoTime.nullable(),
  /** when the next attempt is due; null once the delivery is settled */
  next_attempt_at: isoTime.nullable(),
  created_at: isoTime,
})
export const webhookDeliveriesResponseSchema = z.object({
  status: z.literal('success'),
  deliveries: z.array(webhookDeliverySchema),
})
export const webhookRedeliverResponseSchema = z.object({
  status: z.literal('success'),
  /** false when an attempt was already running (it goes on; nothing else is queued) */
  queued: z.boolean(),
  delivery: webhookDeliverySchema,
})
// ─── end of the webhooks block ──────────────────────────────────────────────────────────────────────
