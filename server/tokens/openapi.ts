/** POST /api/v1/tokens/verify and GET /.well-known/jwks.json as routes of the OpenAPI document (server/openapi/route.ts). */
import { z } from 'zod'
import {
  tokenVerifyRequestSchema,
  tokenVerifyResponseSchema,
  type TokenVerifyRequest,
  type TokenVerifyResponse,
} from '../../shared/api.ts'
import { TOKEN } from '../openapi/examples.ts'
import { API_ERRORS, RATE, SERVER_ERRORS } from '../openapi/operations.ts'
import { defineRoute } from '../openapi/route.ts'

/** The JWKS body, as GET /.well-known/jwks.json answers it. */
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

export const verifyTokenRoute = defineRoute({
  method: 'post',
  path: '/api/v1/tokens/verify',
  operationId: 'verifyToken',
  tag: 'Audit tokens',
  summary: 'Check an audit token issued earlier',
  description:
    'Answers whether the token is authentic and unexpired, what it says, and (when userId is given) ' +
    'whether it was issued for that user. Uses no monthly quota.',
  auth: true,
  request: {
    mediaType: 'application/json',
    schema: {
      name: 'TokenVerifyRequest',
      schema: tokenVerifyRequestSchema,
      io: 'input',
      fields: {
        token: 'the token from a verify response',
        userId: 'when given, the answer says whether the token was issued for this user',
      },
    },
    example: { token: TOKEN, userId: 'user_123' } satisfies TokenVerifyRequest,
  },
  ok: {
    description: 'what the token says',
    mediaType: 'application/json',
    schema: {
      name: 'TokenVerifyResponse',
      schema: tokenVerifyResponseSchema,
      io: 'output',
      fields: {
        valid: 'authentic, signed by one of our keys, and not expired',
        reason:
          'why it is not valid: MALFORMED (or not the canonical string), BAD_SIGNATURE, UNKNOWN_SIGNING_KEY (or retired) or EXPIRED',
        claims: 'what the token says (present when valid)',
        'claims.key_id': 'the id of the API key that asked for the verdict',
        'claims.sandbox': 'true when a sandbox (huma_test_) key asked: a fixed answer, not a verdict',
        'claims.action': 'the action sent with verify, or null',
        user_match:
          "whether the token was issued for the given userId; null when none was given or the token is another key's",
        key_revoked:
          'on a valid token: true when the API key it was issued under has been revoked since; treat such a token as not valid',
      },
    },
    headers: RATE,
    example: {
      valid: true,
      claims: {
        human: true,
        confidence: 0.912,
        key_id: 'k_7R2xQ9',
        sandbox: false,
        action: 'signup',
        issued_at: '2026-11-10T12:00:00.000Z',
        expires_at: '2027-11-10T12:00:00.000Z',
      },
      user_match: true,
      key_revoked: false,
    } satisfies TokenVerifyResponse,
  },
  errors: [...API_ERRORS, ...SERVER_ERRORS],
})

export const jwksRouteDoc = defineRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  operationId: 'jwks',
  tag: 'Audit tokens',
  summary: 'The public keys that sign audit tokens',
  description:
    'A JSON Web Key Set (Ed25519, EdDSA) for checking audit tokens offline. Rotated keys stay listed.',
  auth: false,
  ok: {
    description: 'the key set',
    mediaType: 'application/json',
    schema: { name: 'Jwks', schema: jwksSchema, io: 'output' },
    example: {
      keys: [
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
          kid: '3f9c0a5b7d1e2c48',
          alg: 'EdDSA',
          use: 'sig',
        },
      ],
    },
  },
  errors: SERVER_ERRORS,
})
