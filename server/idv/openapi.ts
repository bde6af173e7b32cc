/**
 * The identity-verification routes as routes of the OpenAPI document (server/openapi/route.ts), beside
 * the handlers that routes.ts, files-route.ts and page-routes.ts mount them with: documented where they
 * are mounted, so only with identity verification on.
 */
import {
  idvSessionRequestSchema,
  idvSessionResponseSchema,
  idvSubmitFormSchema,
  idvSubmitResponseSchema,
  type IdvSubmitResponse,
} from '../../shared/contracts/idv.ts'
import { AUTH_ERRORS, RATE, SERVER_ERRORS } from '../openapi/operations.ts'
import { defineRoute, type NamedSchema } from '../openapi/route.ts'

const TAG = 'Identity verification'
/** What POST /verif/submit answers and GET /verif/checks/{check_id} answers again. */
const SUBMIT_RESPONSE: NamedSchema = {
  name: 'IdvSubmitResponse',
  schema: idvSubmitResponseSchema,
  io: 'output',
}

const RESULT: IdvSubmitResponse = {
  success: true,
  check_id: 'idv_4kQ9xV2mWb7TnR1cZp8L',
  result: {
    sessionId: 'idv_4kQ9xV2mWb7TnR1cZp8L',
    timestamp: '2026-12-06T20:00:00.000Z',
    files: {
      selfieVideo: {
        url: 'http://localhost:8787/verif/files/idv_4kQ9xV2mWb7TnR1cZp8L/selfie?expires=1765656000&sig=...',
        fileName: 'selfie.webm',
      },
      idPhoto: {
        url: 'http://localhost:8787/verif/files/idv_4kQ9xV2mWb7TnR1cZp8L/id?expires=1765656000&sig=...',
        fileName: 'id.jpg',
      },
    },
    faceComparison: {
      isIdentical: true,
      confidence: 1,
      similarityScore: 0.79,
      method: 'local:@vladmandic/human@3.3.6 faceres (tfjs-wasm)',
    },
    verificationAssessment: {
      overallScore: 100,
      verificationStatus: 'verified',
      confidenceLevel: 'high',
      summary:
        'The selfie and the ID photo show the same person (similarity 0.79 over 10 frames from browser+video; ' +
        'verified at 0.6 or more, rejected below 0.42). Weak signals, not used in the decision: anti-spoof 0.66, liveness 0.98.',
    },
    status: 'completed',
  },
}

export const idvPageRoute = defineRoute({
  method: 'get',
  path: '/verif/',
  operationId: 'idvPage',
  tag: TAG,
  summary: 'The hosted identity-verification page',
  description:
    'Open with `?session=` from POST /verif/sessions (recommended), or, as the original does, with ' +
    '`?api_key=...&user_identifier=...` (or `user_id`; optional `user_email`, `user_phone`), which puts your ' +
    'secret key in a URL and is accepted for compatibility only. A person records a short selfie video ' +
    'while the page prompts them, photographs their ID, and sends both. Themed per key (huma idv theme).',
  auth: false,
  ok: {
    description: 'the page (400, 401 or 404 pages say what is wrong with the link)',
    mediaType: 'text/html',
  },
  errors: [],
})

export const idvSessionRoute = defineRoute({
  method: 'post',
  path: '/verif/sessions',
  operationId: 'idvSession',
  tag: TAG,
  summary: 'A one-time URL of the identity page, from your backend',
  description:
    'The page it opens submits once, under the key that asked for it, within 30 minutes. Keeps the ' +
    'key out of URLs, browser histories and logs.',
  auth: true,
  request: {
    mediaType: 'application/json',
    schema: { name: 'IdvSessionRequest', schema: idvSessionRequestSchema, io: 'input' },
    example: { user_identifier: 'customer-8841', user_email: 'ada@example.com' },
  },
  ok: {
    description: 'the URL',
    mediaType: 'application/json',
    schema: { name: 'IdvSessionResponse', schema: idvSessionResponseSchema, io: 'output' },
    headers: RATE,
    example: {
      url: 'http://localhost:8787/verif/?session=3f9c0d1e2b7a4c5d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
      expires_at: '2026-12-06T20:30:00.000Z',
    },
  },
  errors: [...AUTH_ERRORS, 'INVALID_REQUEST', 'BURST_LIMIT_EXCEEDED', ...SERVER_ERRORS],
})

export const idvSubmitRoute = defineRoute({
  method: 'post',
  path: '/verif/submit',
  operationId: 'idvSubmit',
  tag: TAG,
  summary: 'Submit a selfie video and an ID photo; get the face comparison',
  description:
    'multipart/form-data. The faces are compared on this server by a local model (no network call). ' +
    'The key goes in the `api_key` field as in the original (or a `session` from POST /verif/sessions). ' +
    "Counts one check toward the key's month (live keys; failed checks do not count). Also sent as the " +
    '`IDENTITY_VERIFICATION_COMPLETED` webhook. The file URLs are signed, expire at the purge, and answer only with the same key.',
  auth: false,
  request: {
    mediaType: 'multipart/form-data',
    schema: { name: 'IdvSubmitForm', schema: idvSubmitFormSchema, io: 'input' },
  },
  ok: { description: 'the check', mediaType: 'application/json', schema: SUBMIT_RESPONSE, example: RESULT },
  errors: [
    'INVALID_API_KEY',
    'SCOPE_NOT_ALLOWED',
    'TRIAL_EXPIRED',
    'INVALID_REQUEST',
    'PAYLOAD_TOO_LARGE',
    'BURST_LIMIT_EXCEEDED',
    'MONTHLY_LIMIT_EXCEEDED',
    ...SERVER_ERRORS,
  ],
  errorNotes: {
    INVALID_REQUEST: {
      when: 'API key is required; User identifier is required; Both selfie video and ID photo are required; or a file of the wrong type',
      message: 'Both selfie video and ID photo are required',
    },
    INVALID_API_KEY: {
      when: 'the api_key is unknown or revoked, or the session was used or expired',
      message: 'Invalid API key',
    },
    PAYLOAD_TOO_LARGE: {
      when: 'selfie_video over 50 MB, id_photo over 15 MB, a frame over 2 MB',
      message: 'selfie_video must be at most 50 MB',
    },
    SCOPE_NOT_ALLOWED: {
      when: "the api_key lacks the hosted scope (identity checks are a hosted page product); no Origin check here: the form is posted from this server's own page",
      message: 'this key lacks the hosted scope (it has: verify)',
    },
    INTERNAL_ERROR: { when: 'the face model failed', message: 'processing failed' },
  },
})

export const idvCheckRoute = defineRoute({
  method: 'get',
  path: '/verif/checks/{check_id}',
  operationId: 'idvCheck',
  tag: TAG,
  summary: 'A check as it stands, in the shape POST /verif/submit answered',
  description:
    'A check whose `verificationStatus` was `review` answers `verified` or `rejected` once a person has ' +
    "decided it in the dashboard's review queue (the summary says so), and the " +
    '`IDENTITY_VERIFICATION_COMPLETED` webhook is sent again with that result. Poll this, or wait for the ' +
    'webhook. 404 for a check of another key. The result stays after the retention purge; its file URLs then answer 404.',
  auth: true,
  ok: {
    description: 'the check',
    mediaType: 'application/json',
    schema: SUBMIT_RESPONSE,
    headers: RATE,
    example: RESULT,
  },
  errors: [...AUTH_ERRORS, 'NOT_FOUND', 'BURST_LIMIT_EXCEEDED', ...SERVER_ERRORS],
})

export const idvFileRoute = defineRoute({
  method: 'get',
  path: '/verif/files/{check}/{blob}',
  operationId: 'idvFile',
  tag: TAG,
  summary: "A check's file (the URLs in its result)",
  description:
    'Answers the decrypted file to the key that made the check, while the URL signature holds; 404 to any ' +
    'other key, to a changed or expired URL, and after the retention purge.',
  auth: true,
  ok: { description: 'the file', mediaType: 'application/octet-stream', headers: RATE },
  errors: [...AUTH_ERRORS, 'NOT_FOUND', 'BURST_LIMIT_EXCEEDED', ...SERVER_ERRORS],
})

/** One of the page's own files, served from this server so the page makes no request elsewhere. */
const asset = <P extends string>(path: P, what: string, mediaType: string) =>
  defineRoute({
    method: 'get',
    path,
    operationId: `idv${what.replace(/\W/g, '')}`,
    tag: TAG,
    summary: `The identity page's ${what}`,
    description: 'Served from this server, so the page makes no request elsewhere.',
    auth: false,
    ok: { description: what, mediaType },
    errors: [],
  })

export const idvStylesheetRoute = asset('/verif/assets/verif.css', 'stylesheet', 'text/css')
export const idvScriptRoute = asset('/verif/assets/verif.js', 'script', 'text/javascript')

export const idvThemeRoute = defineRoute({
  method: 'get',
  path: '/verif/theme/{file}',
  operationId: 'idvTheme',
  tag: TAG,
  summary: "A key's colours for the identity page (`key_....css`)",
  description: 'Empty when the key has no theme.',
  auth: false,
  ok: { description: 'CSS', mediaType: 'text/css' },
  errors: [],
})
