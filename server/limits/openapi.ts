/** GET /api/v1/limits in the OpenAPI document (server/openapi/feature.ts), beside its route. */
import { defineFeatureDocs } from '../openapi/feature.ts'
import { AUTH_ERRORS, QUOTA, RATE, SERVER_ERRORS } from '../openapi/operations.ts'
import { limitsResponseSchema, type LimitsResponse } from './schema.ts'

export const limitsDocs = defineFeatureDocs({
  schemas: { LimitsResponse: { schema: limitsResponseSchema, io: 'output' } },
  operations: [
    {
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
        schema: 'LimitsResponse',
        headers: [...RATE, ...QUOTA],
      },
      errors: [...AUTH_ERRORS, 'BURST_LIMIT_EXCEEDED', ...SERVER_ERRORS],
    },
  ],
  examples: {
    limits: {
      response: {
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
  },
  fieldDocs: {
    LimitsResponse: {
      burst: "the key's one-minute burst window after this call: the X-RateLimit-* headers",
      'month.used': 'verifications counted this calendar month (UTC)',
      'month.counted': 'false for sandbox keys (huma_test_), whose calls count toward no month',
      'month.resets_at': 'when the month starts over',
      trial_ends_at: 'when the trial ends; null when the key is not on one',
    },
  },
})
