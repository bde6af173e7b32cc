/** GET /api/v1/limits as a route of the OpenAPI document (server/openapi/route.ts), beside its handler. */
import { AUTH_ERRORS, QUOTA, RATE, SERVER_ERRORS } from '../openapi/operations.ts'
import { defineRoute } from '../openapi/route.ts'
import { limitsResponseSchema, type LimitsResponse } from './schema.ts'

export const limitsRouteDoc = defineRoute({
  method: 'get',
  path: '/api/v1/limits',
  operationId: 'limits',
  tag: 'Verification',
  summary: "The caller's current limits",
  description:
    "The key's burst window (this call included) and its month: verifications used and left under its " +
    'plan, and when the month starts over. Uses no monthly quota.',
  auth: true,
  ok: {
    description: 'the limit state',
    mediaType: 'application/json',
    schema: {
      name: 'LimitsResponse',
      schema: limitsResponseSchema,
      io: 'output',
      fields: {
        burst: "the key's one-minute burst window after this call: the X-RateLimit-* headers",
        'month.used': 'verifications counted this calendar month (UTC)',
        'month.counted': 'false for sandbox keys (huma_test_), whose calls count toward no month',
        'month.resets_at': 'when the month starts over',
        trial_ends_at: 'when the trial ends; null when the key is not on one',
      },
    },
    headers: [...RATE, ...QUOTA],
    example: {
      key_id: 'k_7R2xQ9',
      plan: 'starter',
      mode: 'live',
      burst: { limit: 60, remaining: 59, reset_s: 60 },
      month: {
        month: '2026-11',
        limit: 10000,
        used: 1234,
        remaining: 8766,
        counted: true,
        resets_at: '2026-12-01T00:00:00.000Z',
      },
      trial_ends_at: null,
    } satisfies LimitsResponse,
  },
  errors: [...AUTH_ERRORS, 'BURST_LIMIT_EXCEEDED', ...SERVER_ERRORS],
})
