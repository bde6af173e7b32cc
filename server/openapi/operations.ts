/** Every route the app serves, as data: what it takes, what it answers, and which error codes it can send. */
import type { ErrorCode } from '../../shared/errors.ts'
import { ERROR_EXAMPLES } from './examples.ts'
import type { HeaderName, SchemaName } from './schemas.ts'

export const RATE = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] as const
export const QUOTA = ['X-Quota-Limit', 'X-Quota-Remaining'] as const

export interface OperationSpec {
  method: 'get' | 'post'
  path: string
  operationId: string
  tag: 'Verification' | 'Audit tokens' | 'Snippet and demo' | 'Operations' | 'Reference'
  summary: string
  description: string
  /** needs `Authorization: Bearer huma_...` */
  auth: boolean
  request?: { schema: SchemaName; mediaType: string }
  ok: { description: string; mediaType: string; schema?: SchemaName; headers?: readonly HeaderName[] }
  errors: readonly ErrorCode[]
  /** where this route means something narrower by a code than ERROR_WHEN / ERROR_EXAMPLES say */
  errorNotes?: Partial<Record<ErrorCode, { when: string; message: string }>>
}

const AUTH_ERRORS = ['MISSING_AUTH', 'INVALID_API_KEY_FORMAT', 'INVALID_API_KEY', 'TRIAL_EXPIRED'] as const
const API_ERRORS = [...AUTH_ERRORS, 'INVALID_REQUEST', 'PAYLOAD_TOO_LARGE', 'BURST_LIMIT_EXCEEDED'] as const
const SERVER_ERRORS = ['SERVICE_UNAVAILABLE', 'INTERNAL_ERROR'] as const

export const OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'post',
    path: '/api/v1/verify',
    operationId: 'verify',
    tag: 'Verification',
    summary: "A verdict on one user's behaviour",
    description:
      'Scores the signals the snippet collected and answers whether a person produced them, with a signed ' +
      'audit token. Counts one verification toward the month (live keys; only successful ones count).',
    auth: true,
    request: { schema: 'VerifyRequest', mediaType: 'application/json' },
    ok: {
      description: 'the verdict',
      mediaType: 'application/json',
      schema: 'VerifyResponse',
      headers: [...RATE, ...QUOTA],
    },
    errors: [...API_ERRORS, 'MONTHLY_LIMIT_EXCEEDED', 'USER_FLOOD_DETECTED', ...SERVER_ERRORS],
  },
  {
    method: 'post',
    path: '/api/v1/tokens/verify',
    operationId: 'verifyToken',
    tag: 'Audit tokens',
    summary: 'Check an audit token issued earlier',
    description:
      'Answers whether the token is authentic and unexpired, what it says, and (when userId is given) ' +
      'whether it was issued for that user. Uses no monthly quota.',
    auth: true,
    request: { schema: 'TokenVerifyRequest', mediaType: 'application/json' },
    ok: {
      description: 'what the token says',
      mediaType: 'application/json',
      schema: 'TokenVerifyResponse',
      headers: RATE,
    },
    errors: [...API_ERRORS, ...SERVER_ERRORS],
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    operationId: 'jwks',
    tag: 'Audit tokens',
    summary: 'The public keys that sign audit tokens',
    description:
      'A JSON Web Key Set (Ed25519, EdDSA) for checking audit tokens offline. Rotated keys stay listed.',
    auth: false,
    ok: { description: 'the key set', mediaType: 'application/json', schema: 'Jwks' },
    errors: SERVER_ERRORS,
  },
  {
    method: 'get',
    path: '/huma.js',
    operationId: 'snippet',
    tag: 'Snippet and demo',
    summary: 'The browser snippet',
    description:
      'Include it with `<script src=".../huma.js" async>`; it fills the `huma_signals` field of `data-huma` forms.',
    auth: false,
    ok: { description: 'the built snippet', mediaType: 'text/javascript' },
    errors: ['NOT_FOUND'],
    errorNotes: {
      NOT_FOUND: { when: 'the snippet is not built (npm run build)', message: ERROR_EXAMPLES.NOT_FOUND },
    },
  },
  {
    method: 'get',
    path: '/demo',
    operationId: 'demoPage',
    tag: 'Snippet and demo',
    summary: 'The demo sign-up page',
    description: 'A page with the snippet and a `data-huma` form that posts to /demo/signup.',
    auth: false,
    ok: { description: 'the page', mediaType: 'text/html' },
    errors: [],
  },
  {
    method: 'post',
    path: '/demo/signup',
    operationId: 'demoSignup',
    tag: 'Snippet and demo',
    summary: "The demo's backend",
    description:
      'Calls verify as a customer backend would, but under no key (its tokens are sandbox tokens that ' +
      'count toward nothing; 10 sign-ups a minute per address), and shows the verdict in words: each ' +
      'reason explained, the audit token with a copy button, and the whole response.',
    auth: false,
    request: { schema: 'DemoSignupForm', mediaType: 'application/x-www-form-urlencoded' },
    ok: { description: 'a page showing the verify response', mediaType: 'text/html' },
    errors: ['PAYLOAD_TOO_LARGE', 'BURST_LIMIT_EXCEEDED', 'SERVICE_UNAVAILABLE'],
    errorNotes: {
      PAYLOAD_TOO_LARGE: { when: 'the form is over 64 KB', message: 'the form is too large' },
      BURST_LIMIT_EXCEEDED: {
        when: 'the 11th sign-up within a minute from one address',
        message: 'the demo allows 10 sign-ups a minute from one address',
      },
      SERVICE_UNAVAILABLE: {
        when: 'the demo sign-up is off (HUMA_DEMO)',
        message: 'the demo sign-up is turned off (HUMA_DEMO)',
      },
    },
  },
  {
    method: 'get',
    path: '/challenge',
    operationId: 'challenge',
    tag: 'Snippet and demo',
    summary: 'A proof-of-work challenge for the snippet',
    description:
      'Fetched by the snippet from the server it was loaded from; it solves it in idle time and sends challenge ' +
      'and solution in the signals (`p`). Valid 10 minutes, usable once. Not served when HUMA_CHALLENGE=off. ' +
      "Query `site=<key id>` asks for that key's own difficulty (`huma keys challenge-bits`); verify under " +
      'that key refuses an easier proof with CHALLENGE_FAILED.',
    auth: false,
    ok: { description: 'a fresh challenge', mediaType: 'application/json', schema: 'Challenge' },
    errors: ['INVALID_REQUEST', ...SERVER_ERRORS],
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'Operations',
    summary: 'Liveness: the process answers',
    description: 'Never touches the store.',
    auth: false,
    ok: { description: 'alive', mediaType: 'application/json', schema: 'Health' },
    errors: [],
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    tag: 'Operations',
    summary: 'Readiness: the process and its store answer',
    description:
      'Answers 503 while the store cannot be reached, so a load balancer can route around this instance.',
    auth: false,
    ok: { description: 'ready', mediaType: 'application/json', schema: 'Ready' },
    errors: ['SERVICE_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description:
      'Requests by route pattern, verify latency, confidence, limit rejections, store latency and errors; nothing ' +
      'personal. Served only when the app is built with metrics (as `npm start` does); expose it to your scraper only.',
    auth: false,
    ok: { description: 'the Prometheus text format', mediaType: 'text/plain' },
    errors: [],
  },
  {
    method: 'get',
    path: '/',
    operationId: 'home',
    tag: 'Reference',
    summary: 'The start page',
    description:
      'What this server is, links to the demo, this reference, health and metrics, and a quick start.',
    auth: false,
    ok: { description: 'the page', mediaType: 'text/html' },
    errors: [],
  },
  {
    method: 'get',
    path: '/assets/site.css',
    operationId: 'siteStylesheet',
    tag: 'Reference',
    summary: "The start page's and the demo's stylesheet",
    description: 'One small stylesheet, so the pages carry no inline style.',
    auth: false,
    ok: { description: 'CSS', mediaType: 'text/css' },
    errors: [],
  },
  {
    method: 'get',
    path: '/assets/copy.js',
    operationId: 'copyScript',
    tag: 'Reference',
    summary: "The demo result's copy button",
    description: 'Copies the audit token; where the clipboard is not available, selects it instead.',
    auth: false,
    ok: { description: 'JavaScript', mediaType: 'text/javascript' },
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tag: 'Reference',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of every route.',
    auth: false,
    ok: { description: 'the OpenAPI document', mediaType: 'application/json' },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    tag: 'Reference',
    summary: 'The API reference page',
    description: 'This document rendered as one self-contained HTML page.',
    auth: false,
    ok: { description: 'the reference page', mediaType: 'text/html' },
    errors: [],
  },
]
