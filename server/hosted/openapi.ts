/**
 * The hosted check's routes as routes of the OpenAPI document, built from the contract's zod schemas
 * (shared/contracts/verifyyou.ts), their operations written out whole (the contract's answers and failures
 * have shapes of their own); defineContractRoute (server/openapi/route.ts) makes them routes that
 * routes.ts mounts.
 */
import {
  completeRequestSchema,
  completeResponseSchema,
  GET_STATUS_PATH,
  getStatusRequestSchema,
  getStatusResponseSchema,
  REGISTER_PATH,
  registerRequestSchema,
  registerResponseSchema,
  type FailureCode,
} from '../../shared/contracts/verifyyou.ts'
import { contractFailures } from '../openapi/contract.ts'
import { AUTH_ERRORS, RATE } from '../openapi/operations.ts'
import {
  defineContractRoute,
  headerRefs,
  type ContractOperation,
  type NamedSchema,
} from '../openapi/route.ts'
import { INVITE_TTL_MS } from './sessions.ts'

export const HOSTED_SCHEMAS = {
  RegisterRequest: { name: 'RegisterRequest', schema: registerRequestSchema, io: 'input' },
  RegisterResponse: { name: 'RegisterResponse', schema: registerResponseSchema, io: 'output' },
  GetStatusRequest: { name: 'GetStatusRequest', schema: getStatusRequestSchema, io: 'input' },
  GetStatusResponse: { name: 'GetStatusResponse', schema: getStatusResponseSchema, io: 'output' },
  CheckCompleteRequest: { name: 'CheckCompleteRequest', schema: completeRequestSchema, io: 'input' },
  CheckCompleteResponse: { name: 'CheckCompleteResponse', schema: completeResponseSchema, io: 'output' },
} as const satisfies Record<string, NamedSchema>

export const FAILURE_EXAMPLES: Record<FailureCode, string> = {
  INVALID_REQUEST: 'Missing required field: reference_user_id',
  DOES_NOT_EXIST: 'No user is registered under this reference_user_id',
  ALREADY_VERIFIED_IN_REGION: 'This passkey already completed a check in this region',
  INVITE_EXPIRED: 'This check link has expired: ask for a new one',
  INVITE_ALREADY_USED: 'This check link was already used',
  MISSING_AUTH: 'send the API key as API-KEY: huma_live_... or Authorization: Bearer huma_live_...',
  INVALID_API_KEY_FORMAT: 'the API key must be huma_live_ or huma_test_ followed by 32 letters or digits',
  INVALID_API_KEY: 'the API key is unknown or revoked',
  TRIAL_EXPIRED: 'the trial of this key ended at 2026-12-01T00:00:00.000Z',
  SCOPE_NOT_ALLOWED: 'this key lacks the hosted scope (it has: verify)',
  ORIGIN_NOT_ALLOWED: 'this key may not be used from the origin "https://evil.example"',
  PAYLOAD_TOO_LARGE: 'The body must be at most 65536 bytes',
  BURST_LIMIT_EXCEEDED: 'this key allows 60 requests a minute',
  INTERNAL_ERROR: 'something went wrong on our side',
  SERVICE_UNAVAILABLE: 'the store cannot be reached; try again shortly',
}

const ref = (name: keyof typeof HOSTED_SCHEMAS): NamedSchema => HOSTED_SCHEMAS[name]

const AUTH: FailureCode[] = [...AUTH_ERRORS]
const API: FailureCode[] = [...AUTH, 'INVALID_REQUEST', 'PAYLOAD_TOO_LARGE', 'BURST_LIMIT_EXCEEDED']
const SERVER: FailureCode[] = ['SERVICE_UNAVAILABLE', 'INTERNAL_ERROR']
const TAG = 'Hosted check (VerifyYou business connect)'
const ttl = `${INVITE_TTL_MS / 60_000} minutes`

function json(
  operationId: string,
  summary: string,
  description: string,
  request: keyof typeof HOSTED_SCHEMAS | null,
  requestExample: unknown,
  response: keyof typeof HOSTED_SCHEMAS,
  responseExample: unknown,
  codes: FailureCode[],
  authed: boolean,
): ContractOperation {
  return {
    operationId,
    tags: [TAG],
    summary,
    description,
    security: authed ? [{ apiKeyHeader: [] }, { bearer: [] }] : [],
    ...(request && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref(request), example: requestExample } },
      },
    }),
    responses: {
      '200': {
        description: summary,
        headers: headerRefs(authed ? RATE : []),
        content: { 'application/json': { schema: ref(response), example: responseExample } },
      },
      ...contractFailures(codes, { authed, reasons: FAILURE_EXAMPLES }),
    },
  }
}

const asset = (operationId: string, summary: string, mediaType: string): ContractOperation => ({
  operationId,
  tags: [TAG],
  summary,
  description: summary,
  security: [],
  responses: { '200': { description: summary, content: { [mediaType]: { schema: { type: 'string' } } } } },
})

/** The hosted check's routes, as routes.ts mounts them. */
export const HOSTED_ROUTES = {
  register: defineContractRoute(
    'post',
    REGISTER_PATH,
    json(
      'businessConnectRegister',
      'Register a user and get an invite URL to the check',
      `Creates the user (or gives an existing one a fresh invite: the old link stops working). The invite URL holds a one-time code of 192 bits, kept only as a hash, that expires after ${ttl}. redirect_url must be on the key's allowed redirect origins (https; http on loopback only; a key with none accepts loopback only). Authenticate with \`API-KEY: <key>\` or \`Authorization: Bearer <key>\`: the same keys, burst limits and headers as verify.`,
      'RegisterRequest',
      {
        reference_user_id: 'user_123',
        redirect_url: 'https://yourapp.com/verify/return',
        uniqueness_region_id: 'survey_456',
        data_request: { type: 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID' },
      },
      'RegisterResponse',
      {
        status: 'success',
        invite_url: 'https://huma.example/check/3q2-7wB0cKx9mPzR1dVnYt8aLfEsGhJu',
        user_id: 'bcu_Zx8Yq2mN4pR7tW1vB5cK9d',
        connection_verified: false,
      },
      [...API, ...SERVER],
      true,
    ),
  ),
  getStatus: defineContractRoute(
    'post',
    GET_STATUS_PATH,
    json(
      'businessConnectGetStatus',
      "A registered user's connection and check result",
      'has_connection is true once the check is completed; simple_data_request_response then holds humanness_score (0–100, from the same scorer as verify), fulfillment_time_s, and unique_human_id (a keyed hash of the passkey, scoped to the key or region) or is_phone_number_verified (always true: a placeholder for testing).',
      'GetStatusRequest',
      { reference_user_id: 'user_123' },
      'GetStatusResponse',
      {
        status: 'success',
        user_id: 'bcu_Zx8Yq2mN4pR7tW1vB5cK9d',
        has_connection: true,
        simple_data_request_response: {
          humanness_score: 97,
          fulfillment_time_s: 12,
          unique_human_id: 'uh_4fJ2kQ9xLm0pZ7rT1vW8yB3cN6dH5sAe',
        },
      },
      [...API, 'DOES_NOT_EXIST', ...SERVER],
      true,
    ),
  ),
  checkPage: defineContractRoute(
    'get',
    '/check/{code}',
    asset('checkPage', 'The check page of an invite (410 once expired or used)', 'text/html'),
  ),
  checkTheme: defineContractRoute(
    'get',
    '/check/{code}/theme.css',
    asset('checkTheme', "The invite key's theme (accent colour)", 'text/css'),
  ),
  passkeyOptions: defineContractRoute(
    'post',
    '/check/{code}/passkey-options',
    asset('checkPasskeyOptions', 'WebAuthn options (create and get) for this invite', 'application/json'),
  ),
  complete: defineContractRoute(
    'post',
    '/check/{code}/complete',
    json(
      'checkComplete',
      'Complete the check (called by the check page)',
      "The snippet's signals and the passkey answer; spends the invite's code. Answers where to send the person: redirect_url with user_id, state and a result token (10 minutes, verifiable through the JWKS).",
      'CheckCompleteRequest',
      { signals: '' },
      'CheckCompleteResponse',
      {
        status: 'success',
        redirect:
          'https://yourapp.com/verify/return?user_id=bcu_Zx8Yq2mN4pR7tW1vB5cK9d&state=abc&token=eyJ...',
        humanness_score: 97,
      },
      [
        'INVALID_REQUEST',
        'DOES_NOT_EXIST',
        'INVITE_EXPIRED',
        'INVITE_ALREADY_USED',
        'ALREADY_VERIFIED_IN_REGION',
        'PAYLOAD_TOO_LARGE',
        ...SERVER,
      ],
      false,
    ),
  ),
  script: defineContractRoute(
    'get',
    '/hosted/check.js',
    asset('checkScript', "The check page's script", 'text/javascript'),
  ),
  stylesheet: defineContractRoute(
    'get',
    '/hosted/check.css',
    asset('checkStylesheet', "The check page's stylesheet", 'text/css'),
  ),
}
