/**
 * The webhook event registry: one entry per event type, its `data` as a zod schema. A new event is one
 * line here; its type is then known to the outbox, the routes (`webhook_type`) and the docs test.
 *
 * Every delivery's body is `{"type": ..., "timestamp": ISO-8601, "data": ...}` (the Standard Webhooks
 * payload shape); `data` is what the schema below parses.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { idvWebhookPayloadSchema } from '../../shared/contracts/idv.ts'
import {
  enrollmentCreatedEventSchema,
  enrollmentRevokedEventSchema,
  trustChangedEventSchema,
  verificationCompletedEventSchema,
} from '../../shared/contracts/trust.ts'
import { stampCreatedSchema } from '../../shared/contracts/stamps.ts'
import type { WEBHOOK_TYPE_VALUES } from '../../shared/contracts/verifyyou.ts'

/** the same shape as get_status's `simple_data_request_response` (shared/contracts/verifyyou.ts) */
const simpleDataRequestResponse = z.object({
  /** 0–100, from the same scorer as verify */
  humanness_score: z.number().int().min(0).max(100).optional(),
  /** seconds from the invite being opened to the check being done */
  fulfillment_time_s: z.number().int().min(0).optional(),
  /** for GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID: a keyed hash of the passkey, scoped to the region */
  unique_human_id: z.string().max(256).optional(),
  /** for IS_PHONE_NUMBER_VERIFIED (always true: the original's placeholder for testing) */
  is_phone_number_verified: z.boolean().optional(),
})

export const WEBHOOK_EVENTS = {
  /** a registered user finished the hosted check: the same data as get_status, plus who it is */
  USER_VERIFICATION_COMPLETED: z.object({
    user_id: z.string().min(1).max(64),
    reference_user_id: z.string().min(1).max(256),
    has_connection: z.boolean(),
    simple_data_request_response: simpleDataRequestResponse.optional(),
  }),
  /** an identity check completed (server/idv/): the original's payload, result and file URLs included */
  IDENTITY_VERIFICATION_COMPLETED: idvWebhookPayloadSchema,
  /** a user's enrolment began: a passed hosted check with a passkey (server/trust/) */
  'enrollment.created': enrollmentCreatedEventSchema,
  /** a user's enrolment was revoked (POST /v1/enrollment/revoke) */
  'enrollment.revoked': enrollmentRevokedEventSchema,
  /** one POST /v1/verify answered */
  'verification.completed': verificationCompletedEventSchema,
  /** a user's trust score moved */
  'trust.changed': trustChangedEventSchema,
  /** a content stamp was made (server/stamps/): its id, hash, type and time */
  'stamp.created': stampCreatedSchema,
} as const satisfies Record<(typeof WEBHOOK_TYPE_VALUES)[number], z.ZodType>

export type WebhookType = keyof typeof WEBHOOK_EVENTS
export type WebhookData<T extends WebhookType> = z.infer<(typeof WEBHOOK_EVENTS)[T]>
export const WEBHOOK_TYPES = Object.keys(WEBHOOK_EVENTS) as [WebhookType, ...WebhookType[]]

/** One event waiting in the outbox: who it is for, and the exact body every attempt sends. */
export interface WebhookEvent {
  /** `msg_` + 26 base32 characters: the `webhook-id` of every attempt */
  id: string
  /** the API key whose destination for `type` receives it */
  keyId: string
  type: WebhookType
  /** the JSON body, as sent */
  body: string
  /** epoch ms */
  createdAt: number
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

export function newMessageId(): string {
  const bytes = randomBytes(26)
  let id = 'msg_'
  for (const b of bytes) id += ALPHABET[b & 31]
  return id
}

/** Builds an event of a registered type; throws when `data` does not match its schema (a bug of ours). */
export function webhookEvent<T extends WebhookType>(
  type: T,
  keyId: string,
  data: WebhookData<T>,
  now: number,
): WebhookEvent {
  const parsed = WEBHOOK_EVENTS[type].parse(data)
  const body = JSON.stringify({ type, timestamp: new Date(now).toISOString(), data: parsed })
  return { id: newMessageId(), keyId, type, body, createdAt: now }
}
