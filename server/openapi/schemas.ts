/**
 * The named schemas and headers of the OpenAPI document: what operations.ts and examples.ts refer to
 * by name, and what document.ts turns into components. Imports nothing else of the openapi/ folder.
 */
import { z } from 'zod'
import {
  tokenVerifyRequestSchema,
  tokenVerifyResponseSchema,
  verifyRequestSchema,
  verifyResponseSchema,
} from '../../shared/api.ts'
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts'
import { WEBHOOK_SCHEMAS } from '../webhooks/openapi.ts'

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]

/** Schemas of bodies that no route parses (so they live here, not in shared/). */
export const errorBodySchema = z.object({ error: z.enum(ERROR_CODES), message: z.string() })
export const jwksSchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string(),
      kid: z.string(),
      alg: z.literal('EdDSA'),
      use: z.literal('sig'),
    }),
  ),
})
export const healthSchema = z.object({ status: z.literal('ok') })
export const challengeSchema = z.object({ c: z.string(), b: z.number().int() })
export const readySchema = z.object({ status: z.literal('ready'), store: z.string() })
export const demoSignupFormSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  huma_signals: z.string().optional(),
})

/** Named schemas, as they appear under components.schemas. Requests are described as accepted (input). */
export const SCHEMAS = {
  VerifyRequest: { schema: verifyRequestSchema, io: 'input' },
  VerifyResponse: { schema: verifyResponseSchema, io: 'output' },
  TokenVerifyRequest: { schema: tokenVerifyRequestSchema, io: 'input' },
  TokenVerifyResponse: { schema: tokenVerifyResponseSchema, io: 'output' },
  Error: { schema: errorBodySchema, io: 'output' },
  Jwks: { schema: jwksSchema, io: 'output' },
  Health: { schema: healthSchema, io: 'output' },
  Challenge: { schema: challengeSchema, io: 'output' },
  Ready: { schema: readySchema, io: 'output' },
  DemoSignupForm: { schema: demoSignupFormSchema, io: 'input' },
  // the webhook admin routes of the VerifyYou contract (their path items: server/webhooks/openapi.ts)
  ...WEBHOOK_SCHEMAS,
} as const satisfies Record<string, { schema: z.ZodType; io: 'input' | 'output' }>
export type SchemaName = keyof typeof SCHEMAS

export const HEADERS = {
  'X-RateLimit-Limit': "requests this key may make per minute (its plan's burst limit)",
  'X-RateLimit-Remaining': 'requests left in the current one-minute window',
  'X-RateLimit-Reset': 'seconds until the oldest request in the window expires and a slot frees',
  'Retry-After': 'seconds to wait before trying again',
  'X-Quota-Limit': 'verifications this key may make this calendar month (UTC); live keys only',
  'X-Quota-Remaining': 'verifications left this month; live keys only',
} as const
export type HeaderName = keyof typeof HEADERS
