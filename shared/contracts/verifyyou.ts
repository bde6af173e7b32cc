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
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined)
    return `Missing required field: ${field}`
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
