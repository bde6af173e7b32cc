/** Examples and field descriptions of the OpenAPI document. test/openapi.test.ts validates every example. */
import type {
  TokenVerifyRequest,
  TokenVerifyResponse,
  VerifyRequest,
  VerifyResponse,
} from '../../shared/api.ts'
import type { ErrorCode } from '../../shared/errors.ts'
import type { SchemaName } from './schemas.ts'

/** What the snippet sends after a few moves, a click and a key press (wire format v1, docs/signals.md). */
const SIGNALS =
  '{"v":1,"c":{"w":1280,"h":720,"a":0,"u":0,"n":11,"d":900},"m":[100,100,200,16,7,3,16,7,3,16,7,3,16,7,3,16,7,3],' +
  '"b":[250,0,142,218,0,80,1,142,218,0,1,2,142,218,0],"k":[600,0,0,90,1,0]}'

/** An audit token, shortened: a JWT (header.payload.signature, base64url). */
const TOKEN =
  'eyJhbGciOiJFZERTQSIsImtpZCI6IjNmOWMwYTViN2QxZTJjNDgiLCJ0eXAiOiJodW1hLWF1ZGl0K2p3dCJ9.' +
  'eyJoIjp0cnVlLCJjIjowLjkxMiwia2lkIjoia183UjJ4In0.' +
  'kQ0a8m3yq5VvJm3Wc1m3Xn8bJk6fQJ7l7Yd0b1bB9gZbq2Yw0m1l2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k'

export const EXAMPLES: Record<string, { request?: unknown; response?: unknown }> = {
  verify: {
    request: { userId: 'user_123', signals: SIGNALS, action: 'signup' } satisfies VerifyRequest,
    response: {
      human: true,
      confidence: 0.912,
      token: TOKEN,
      pii_stored: false,
      reasons: ['HUMAN_MOTION', 'HUMAN_TYPING'],
    } satisfies VerifyResponse,
  },
  verifyToken: {
    request: { token: TOKEN, userId: 'user_123' } satisfies TokenVerifyRequest,
    response: {
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
  jwks: {
    response: {
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
  demoSignup: { request: { name: 'Ada', email: 'ada@example.com', huma_signals: SIGNALS } },
  health: { response: { status: 'ok' } },
  challenge: { response: { c: '1795000000.12.Xq3vJ0bq9GkqGQm2r8e4Ww.pR1xk0sL2fN8vTq4aY6bCw', b: 12 } },
  ready: { response: { status: 'ready', store: 'embedded' } },
}

export const ERROR_EXAMPLES: Record<ErrorCode, string> = {
  MISSING_AUTH: 'send the API key as Authorization: Bearer huma_live_...',
  INVALID_API_KEY_FORMAT: 'the API key must be huma_live_ or huma_test_ followed by 32 letters or digits',
  INVALID_API_KEY: 'the API key is unknown or revoked',
  INVALID_REQUEST: 'userId is required',
  TRIAL_EXPIRED: 'the trial of this key ended at 2026-11-24T12:00:00.000Z',
  NOT_FOUND: 'the snippet is not built: run npm run build',
  PAYLOAD_TOO_LARGE: 'the body must be at most 65536 bytes',
  MONTHLY_LIMIT_EXCEEDED: "this key's 1000 verifications for 2026-11 are used up",
  BURST_LIMIT_EXCEEDED: 'this key allows 60 requests a minute',
  USER_FLOOD_DETECTED: 'this userId was verified 10 times in the last minute',
  INTERNAL_ERROR: 'something went wrong on our side',
  SERVICE_UNAVAILABLE: 'the store cannot be reached; try again shortly',
}

/** When each error happens (the contract's table). */
export const ERROR_WHEN: Record<ErrorCode, string> = {
  MISSING_AUTH: 'no Authorization header',
  INVALID_API_KEY_FORMAT: 'the key is not huma_live_ or huma_test_ followed by 32 letters or digits',
  INVALID_API_KEY: 'the key is well-formed but unknown or revoked',
  INVALID_REQUEST: 'a missing or invalid field, or a body that is not JSON; the message names the field',
  TRIAL_EXPIRED: "the key's trial is over",
  NOT_FOUND: 'no such route',
  PAYLOAD_TOO_LARGE: 'the body is over 64 KB',
  MONTHLY_LIMIT_EXCEEDED: "the plan's verifications for this month (UTC) are used up; X-Quota-* headers",
  BURST_LIMIT_EXCEEDED: "the plan's requests per minute are used up",
  USER_FLOOD_DETECTED: 'the same userId was verified more than 10 times in a minute under this key',
  INTERNAL_ERROR: 'a bug on our side',
  SERVICE_UNAVAILABLE: 'the store cannot be reached',
}

/** Descriptions of schema properties, by dotted path; the document build fails on a path the schema lacks. */
export const FIELD_DOCS: Partial<Record<SchemaName, Record<string, string>>> = {
  VerifyRequest: {
    userId:
      'your own identifier for the user; never stored: used only as a keyed hash, for flood control and audit tokens',
    signals:
      'what the snippet collected (the `huma_signals` form field or `Huma.signals()`); absent or empty means no behavioural evidence (human: false)',
    action: 'what the user is doing: signup, login, checkout... letters, digits, _ and /, up to 32',
  },
  VerifyResponse: {
    human: '`confidence >= 0.5`',
    confidence:
      '0 to 1, three decimals, higher is more human; 0.3 with NO_SIGNALS or TOO_FEW_EVENTS means too little to judge',
    token: 'a signed audit token recording this decision; check it with /api/v1/tokens/verify or the JWKS',
    pii_stored: 'always false: nothing personal is kept',
    reasons: 'short stable codes saying what drove the score (docs/scoring.md)',
  },
  Challenge: {
    c: 'the challenge: expiry, difficulty, nonce and a MAC, to be sent back with its solution',
    b: 'leading zero bits that SHA-256 of `<c>:<n>` must have for a solution n',
  },
  TokenVerifyRequest: {
    token: 'the token from a verify response',
    userId: 'when given, the answer says whether the token was issued for this user',
  },
  TokenVerifyResponse: {
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
  Error: { error: 'the error code', message: 'a short explanation that names the field or limit' },
  DemoSignupForm: { huma_signals: 'filled by the snippet on submit' },
}
