/** POST /api/v1/verify: the verdict on one user's behaviour, under the caller's key and plan. */
import { OpenAPIHono } from '@hono/zod-openapi'
import {
  verifyRequestSchema,
  verifyResponseSchema,
  type VerifyRequest,
  type VerifyResponse,
} from '../../shared/api.ts'
import { SIGNALS_FIELD } from '../../shared/form.ts'
import { HUMAN_THRESHOLD } from '../../shared/verdict.ts'
import { fail, readJson, respond, setHeader } from '../http/respond.ts'
import '../keys/context.ts'
import { SIGNALS, TOKEN } from '../openapi/examples.ts'
import { API_ERRORS, QUOTA, RATE, SERVER_ERRORS } from '../openapi/operations.ts'
import { defineRoute, mount } from '../openapi/route.ts'
import type { VerifyService } from './service.ts'

export const verifyRouteDoc = defineRoute({
  method: 'post',
  path: '/api/v1/verify',
  operationId: 'verify',
  tag: 'Verification',
  summary: "A verdict on one user's behaviour",
  description:
    'Scores the signals the snippet collected and answers whether a person produced them, with a signed ' +
    'audit token. Counts one verification toward the month (live keys; only successful ones count).',
  auth: true,
  request: {
    mediaType: 'application/json',
    schema: {
      name: 'VerifyRequest',
      schema: verifyRequestSchema,
      io: 'input',
      fields: {
        userId:
          'your own identifier for the user; never stored: used only as a keyed hash, for flood control and audit tokens',
        signals: `what the snippet collected (the \`${SIGNALS_FIELD}\` form field or \`Huma.signals()\`); absent or empty means no behavioural evidence (human: false)`,
        action: 'what the user is doing: signup, login, checkout... letters, digits, _ and /, up to 32',
      },
    },
    example: { userId: 'user_123', signals: SIGNALS, action: 'signup' } satisfies VerifyRequest,
  },
  ok: {
    description: 'the verdict',
    mediaType: 'application/json',
    schema: {
      name: 'VerifyResponse',
      schema: verifyResponseSchema,
      io: 'output',
      fields: {
        human: `\`confidence >= ${HUMAN_THRESHOLD}\``,
        confidence:
          '0 to 1, three decimals, higher is more human; 0.3 with NO_SIGNALS or TOO_FEW_EVENTS means too little to judge',
        token:
          'a signed audit token recording this decision; check it with /api/v1/tokens/verify or the JWKS',
        pii_stored: 'always false: nothing personal is kept',
        reasons: 'short stable codes saying what drove the score (docs/scoring.md)',
      },
    },
    headers: [...RATE, ...QUOTA],
    example: {
      human: true,
      confidence: 0.912,
      token: TOKEN,
      pii_stored: false,
      reasons: ['HUMAN_MOTION', 'HUMAN_TYPING'],
    } satisfies VerifyResponse,
  },
  errors: [...API_ERRORS, 'MONTHLY_LIMIT_EXCEEDED', 'USER_FLOOD_DETECTED', ...SERVER_ERRORS],
})

export function verifyRoute({ verify }: { verify: VerifyService }): OpenAPIHono {
  return mount(new OpenAPIHono(), verifyRouteDoc, async (c) => {
    const outcome = await verify.verify({ key: c.var.apiKey, plan: c.var.plan }, await readJson(c))
    if (outcome.quota) {
      setHeader(c, 'X-Quota-Limit', String(outcome.quota.limit))
      setHeader(c, 'X-Quota-Remaining', String(outcome.quota.remaining))
    }
    if (!outcome.ok) return fail(c, outcome.code, outcome.message, outcome.retryAfterS)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, outcome.body, 200)
  })
}
