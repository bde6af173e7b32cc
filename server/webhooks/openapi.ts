/**
 * The webhook admin routes as routes of the OpenAPI document: their schemas (from the contract) and their
 * operations written out whole (the contract's answers and failures have shapes of their own), with
 * examples that test/openapi.test.ts checks against the schemas; defineContractRoute
 * (server/openapi/route.ts) makes them routes that routes.ts mounts.
 */
import { contractFailures } from '../openapi/contract.ts'
import { AUTH_ERRORS, RATE } from '../openapi/operations.ts'
import {
  defineContractRoute,
  headerRefs,
  type ContractOperation,
  type NamedSchema,
} from '../openapi/route.ts'
import {
  WEBHOOK_ADMIN_PATHS as PATHS,
  webhookCreateOrEditRequestSchema,
  webhookCreateOrEditResponseSchema,
  webhookDeleteResponseSchema,
  webhookDeliveriesRequestSchema,
  webhookDeliveriesResponseSchema,
  webhookListRequestSchema,
  webhookListResponseSchema,
  webhookRedeliverRequestSchema,
  webhookRedeliverResponseSchema,
  webhookRotateResponseSchema,
  webhookTypeRequestSchema,
  type FailureCode,
} from '../../shared/contracts/verifyyou.ts'

export const WEBHOOK_SCHEMAS = {
  WebhookCreateOrEditRequest: {
    name: 'WebhookCreateOrEditRequest',
    schema: webhookCreateOrEditRequestSchema,
    io: 'input',
    fields: {
      webhook_type: 'the event type this destination receives; one destination per key and type',
      destination_url:
        'https; its host must not resolve to a private, loopback, link-local or metadata address ' +
        '(http to loopback only in development mode)',
    },
  },
  WebhookCreateOrEditResponse: {
    name: 'WebhookCreateOrEditResponse',
    schema: webhookCreateOrEditResponseSchema,
    io: 'output',
    fields: {
      created: 'true when the destination is new; an edit keeps its secret',
      secret: 'whsec_...: shown only when the destination is created (and by rotate_secret)',
    },
  },
  WebhookListRequest: { name: 'WebhookListRequest', schema: webhookListRequestSchema, io: 'input' },
  WebhookListResponse: { name: 'WebhookListResponse', schema: webhookListResponseSchema, io: 'output' },
  WebhookTypeRequest: { name: 'WebhookTypeRequest', schema: webhookTypeRequestSchema, io: 'input' },
  WebhookDeleteResponse: { name: 'WebhookDeleteResponse', schema: webhookDeleteResponseSchema, io: 'output' },
  WebhookRotateResponse: {
    name: 'WebhookRotateResponse',
    schema: webhookRotateResponseSchema,
    io: 'output',
    fields: { secret: 'the new whsec_ secret: every attempt from now on is signed with it' },
  },
  WebhookDeliveriesRequest: {
    name: 'WebhookDeliveriesRequest',
    schema: webhookDeliveriesRequestSchema,
    io: 'input',
    fields: {
      webhook_type: 'only deliveries of this type',
      limit: 'at most this many, newest first (default 50)',
    },
  },
  WebhookDeliveriesResponse: {
    name: 'WebhookDeliveriesResponse',
    schema: webhookDeliveriesResponseSchema,
    io: 'output',
  },
  WebhookRedeliverRequest: {
    name: 'WebhookRedeliverRequest',
    schema: webhookRedeliverRequestSchema,
    io: 'input',
    fields: { webhook_id: 'the webhook-id of a delivery of this key' },
  },
  WebhookRedeliverResponse: {
    name: 'WebhookRedeliverResponse',
    schema: webhookRedeliverResponseSchema,
    io: 'output',
    fields: {
      queued: 'false when an attempt was running: it goes on, nothing more is queued',
    },
  },
} as const satisfies Record<string, NamedSchema>
type Name = keyof typeof WEBHOOK_SCHEMAS

const CONFIG = {
  webhook_type: 'USER_VERIFICATION_COMPLETED',
  destination_url: 'https://yourapp.com/webhooks/verifyyou',
  enabled: true,
  disabled_at: null,
  consecutive_failures: 0,
  created_at: '2026-12-06T12:00:00.000Z',
  updated_at: '2026-12-06T12:00:00.000Z',
} as const
const DELIVERY = {
  webhook_id: 'msg_2n5x7q3kbtwf4yhzmcd6ra2vpe',
  webhook_type: 'USER_VERIFICATION_COMPLETED',
  status: 'pending',
  attempts: 2,
  last_error: 'answered 503',
  last_status_code: 503,
  last_attempt_at: '2026-12-06T12:00:05.000Z',
  next_attempt_at: '2026-12-06T12:05:05.000Z',
  created_at: '2026-12-06T12:00:00.000Z',
} as const
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const AUTH: FailureCode[] = [...AUTH_ERRORS]
const COMMON: FailureCode[] = [
  ...AUTH,
  'INVALID_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'BURST_LIMIT_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
]

export const FAILURE_EXAMPLES: Partial<Record<FailureCode, string>> = {
  MISSING_AUTH: 'send the API key as API-KEY: huma_live_... or Authorization: Bearer huma_live_...',
  INVALID_API_KEY_FORMAT: 'the API key must be huma_live_ or huma_test_ followed by 32 letters or digits',
  INVALID_API_KEY: 'the API key is unknown or revoked',
  TRIAL_EXPIRED: 'the trial of this key ended at 2026-12-01T00:00:00.000Z',
  SCOPE_NOT_ALLOWED: 'this key lacks the webhooks scope (it has: verify)',
  ORIGIN_NOT_ALLOWED: 'this key may not be used from the origin "https://evil.example"',
  INVALID_REQUEST: 'Missing required field: webhook_type',
  PAYLOAD_TOO_LARGE: 'The body must be at most 65536 bytes',
  BURST_LIMIT_EXCEEDED: 'this key allows 60 requests a minute',
  SERVICE_UNAVAILABLE: 'The store cannot be reached; try again shortly',
  INTERNAL_ERROR: 'Something went wrong on our side',
  DOES_NOT_EXIST: 'No webhook is configured for webhook_type USER_VERIFICATION_COMPLETED',
}

interface Spec {
  path: string
  operationId: string
  summary: string
  description: string
  request: Name
  requestExample: unknown
  response: Name
  responseExample: unknown
  failures: FailureCode[]
}

const SPECS: Spec[] = [
  {
    path: PATHS.createOrEdit,
    operationId: 'webhookCreateOrEdit',
    summary: "Set the key's webhook destination for an event type",
    description:
      'One destination per key and webhook type: creates it (the answer carries its whsec_ signing secret, ' +
      'shown once) or changes its URL (the secret stays; a disabled destination is enabled again). The URL ' +
      'must be https and must not resolve to a private, loopback, link-local or metadata address.',
    request: 'WebhookCreateOrEditRequest',
    requestExample: {
      webhook_type: 'USER_VERIFICATION_COMPLETED',
      destination_url: 'https://yourapp.com/webhooks/verifyyou',
    },
    response: 'WebhookCreateOrEditResponse',
    responseExample: { status: 'success', created: true, secret: SECRET, webhook: CONFIG },
    failures: COMMON,
  },
  {
    path: PATHS.list,
    operationId: 'webhookList',
    summary: "The key's webhook destinations",
    description: 'Every destination of the key, without secrets. The body may be empty.',
    request: 'WebhookListRequest',
    requestExample: {},
    response: 'WebhookListResponse',
    responseExample: { status: 'success', webhooks: [CONFIG] },
    failures: COMMON,
  },
  {
    path: PATHS.delete,
    operationId: 'webhookDelete',
    summary: 'Delete a webhook destination',
    description:
      'Pending deliveries of that type are not sent once they are due (their status: no_destination).',
    request: 'WebhookTypeRequest',
    requestExample: { webhook_type: 'USER_VERIFICATION_COMPLETED' },
    response: 'WebhookDeleteResponse',
    responseExample: { status: 'success' },
    failures: [...COMMON, 'DOES_NOT_EXIST'],
  },
  {
    path: PATHS.rotateSecret,
    operationId: 'webhookRotateSecret',
    summary: "Replace a destination's signing secret",
    description: 'Every attempt from now on, retries included, is signed with the new secret.',
    request: 'WebhookTypeRequest',
    requestExample: { webhook_type: 'USER_VERIFICATION_COMPLETED' },
    response: 'WebhookRotateResponse',
    responseExample: { status: 'success', secret: SECRET },
    failures: [...COMMON, 'DOES_NOT_EXIST'],
  },
  {
    path: PATHS.deliveries,
    operationId: 'webhookDeliveries',
    summary: "The key's delivery log",
    description:
      'Deliveries newest first (at most `limit`, default 50), each with its status, attempts, last error ' +
      'and next attempt. Kept 30 days.',
    request: 'WebhookDeliveriesRequest',
    requestExample: { webhook_type: 'USER_VERIFICATION_COMPLETED', limit: 20 },
    response: 'WebhookDeliveriesResponse',
    responseExample: { status: 'success', deliveries: [DELIVERY] },
    failures: COMMON,
  },
  {
    path: PATHS.redeliver,
    operationId: 'webhookRedeliver',
    summary: 'Deliver again now',
    description:
      'Makes the delivery due at once, with the same webhook-id; a settled one (delivered, failed, gone, ' +
      'disabled) gets one more attempt. While an attempt is running nothing more is queued (`queued: false`).',
    request: 'WebhookRedeliverRequest',
    requestExample: { webhook_id: DELIVERY.webhook_id },
    response: 'WebhookRedeliverResponse',
    responseExample: {
      status: 'success',
      queued: true,
      delivery: { ...DELIVERY, next_attempt_at: DELIVERY.created_at },
    },
    failures: [...COMMON, 'DOES_NOT_EXIST'],
  },
]

const ref = (name: Name) => WEBHOOK_SCHEMAS[name]

function operation(spec: Spec): ContractOperation {
  return {
    operationId: spec.operationId,
    tags: ['Webhooks'],
    summary: spec.summary,
    description: `${spec.description} See docs/webhooks.md.`,
    security: [{ apiKeyHeader: [] }, { bearer: [] }],
    requestBody: {
      required: spec.request !== 'WebhookListRequest' && spec.request !== 'WebhookDeliveriesRequest',
      content: { 'application/json': { schema: ref(spec.request), example: spec.requestExample } },
    },
    responses: {
      '200': {
        description: 'success',
        headers: headerRefs(RATE),
        content: { 'application/json': { schema: ref(spec.response), example: spec.responseExample } },
      },
      ...contractFailures(spec.failures, { authed: true, reasons: FAILURE_EXAMPLES }),
    },
  }
}

/** The admin routes, by path (WEBHOOK_ADMIN_PATHS), as routes.ts mounts them. */
export const WEBHOOK_ROUTES = Object.fromEntries(
  SPECS.map((spec) => [spec.path, defineContractRoute('post', spec.path, operation(spec))]),
)
