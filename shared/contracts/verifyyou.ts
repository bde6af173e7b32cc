/**
 * VerifyYou's "business connect" contract, served by Huma exactly as published: paths, field names,
 * values and failure codes are the original's. Routes parse with these schemas (server/hosted/routes.ts),
 * the OpenAPI document is built from them. Imports nothing of ours but zod.
 */
import { z } from 'zod'

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
  PAYLOAD_TOO_LARGE: 413,
  BURST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const
export type FailureCode = keyof typeof FAILURE_STATUS
export const FAILURE_CODES = Object.keys(FAILURE_STATUS) as [FailureCode, ...FailureCode[]]

export const failureResponseSchema = z.object({
  status: z.literal('failure'),
  failure_code: z.enum(FAILURE_CODES),
  failure_reason: z.string(),
})
export type FailureResponse = z.infer<typeof failureResponseSchema>

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

export const WEBHOOK_TYPE_VALUES = ['USER_VERIFICATION_COMPLETED'] as const
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
