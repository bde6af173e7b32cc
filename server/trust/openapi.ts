/**
 * POY Verify's enrolment and trust routes as routes of the OpenAPI document (server/openapi/route.ts),
 * beside the handlers routes.ts mounts them with.
 */
import {
  poyVerifyRequestSchema,
  poyVerifyResponseSchema,
  revokeEnrollmentRequestSchema,
  revokeEnrollmentResponseSchema,
  trustResponseSchema,
  type PoyVerifyRequest,
  type PoyVerifyResponse,
  type RevokeEnrollmentResponse,
  type TrustResponse,
} from '../../shared/contracts/trust.ts'
import { API_ERRORS, AUTH_ERRORS, RATE, SERVER_ERRORS } from '../openapi/operations.ts'
import { defineRoute } from '../openapi/route.ts'

const USER_ID =
  'your own id for the person, as given to the hosted check as reference_user_id; never stored, only as a keyed hash'

export const poyVerifyRoute = defineRoute({
  method: 'post',
  path: '/v1/verify',
  operationId: 'poyVerify',
  tag: 'Verification',
  summary: "Whether a user is an enrolled human (POY Verify's contract)",
  description:
    'Enrolled (a passed hosted check with a passkey for this user_id, not revoked): verified, with the trust ' +
    'score and the checks behind it. Otherwise `{"verified": false, ..., "reason": "no_enrollment"}`. ' +
    'biometric_liveness means the behavioural check passed: Huma reads no faces here. Sends ' +
    'verification.completed. Counts toward the burst window, not the month (docs/trust.md).',
  auth: true,
  request: {
    mediaType: 'application/json',
    schema: {
      name: 'PoyVerifyRequest',
      schema: poyVerifyRequestSchema,
      io: 'input',
      fields: { user_id: USER_ID, action: 'what the user is doing, sent on in verification.completed' },
    },
    example: { user_id: 'user_123', action: 'post' } satisfies PoyVerifyRequest,
  },
  ok: {
    description: 'the enrolment',
    mediaType: 'application/json',
    schema: { name: 'PoyVerifyResponse', schema: poyVerifyResponseSchema, io: 'output' },
    headers: RATE,
    example: {
      verified: true,
      human_status: 'confirmed',
      trust_score: 98.2,
      enrollment_active: true,
      verified_since: '2026-09-01T10:00:00.000Z',
      checks: { biometric_liveness: true, device_attestation: true, enrollment_valid: true },
    } satisfies PoyVerifyResponse,
  },
  errors: [...API_ERRORS, ...SERVER_ERRORS],
  errorNotes: {
    INVALID_REQUEST: {
      when: 'user_id is missing or too long, or action is invalid',
      message: 'user_id is required',
    },
  },
})

export const trustScoreRoute = defineRoute({
  method: 'get',
  path: '/v1/trust/{user_id}',
  operationId: 'trust',
  tag: 'Verification',
  summary: "A user's trust score and the signals behind it",
  description:
    'The score (0–100, one decimal) from the signal table of docs/trust.md: each signal, whether Huma can ' +
    'attest it and the points it earns. Sends trust.changed when the score moved since it was last announced.',
  auth: true,
  params: [{ name: 'user_id', description: USER_ID }],
  ok: {
    description: 'the trust score',
    mediaType: 'application/json',
    schema: {
      name: 'TrustResponse',
      schema: trustResponseSchema,
      io: 'output',
      fields: {
        signals:
          'each signal of the table in docs/trust.md: whether Huma can attest it, and the points it earns',
        last_verified:
          'the latest time the user was judged human: a passed hosted check or a human verify verdict',
      },
    },
    headers: RATE,
    example: {
      user_id: 'user_123',
      trust_score: 98.2,
      max_score: 100,
      signals: {
        hosted_check: { verified: true, points: 30 },
        passkey: { verified: true, points: 25 },
        recent_verification: { verified: true, points: 20 },
        identity_document: { verified: true, points: 15 },
        enrollment_age: { verified: true, points: 8.2 },
      },
      verified_since: '2026-09-01T10:00:00.000Z',
      last_verified: '2026-11-10T12:00:00.000Z',
    } satisfies TrustResponse,
  },
  errors: [...AUTH_ERRORS, 'INVALID_REQUEST', 'NOT_FOUND', 'BURST_LIMIT_EXCEEDED', ...SERVER_ERRORS],
  errorNotes: {
    INVALID_REQUEST: {
      when: 'the user_id is longer than 256 characters',
      message: 'user_id is too long',
    },
    NOT_FOUND: {
      when: 'nothing is known of this user_id under this key: no hosted check, verdict or identity check',
      message: 'nothing is known of this user_id under this key',
    },
  },
})

export const revokeEnrollmentRoute = defineRoute({
  method: 'post',
  path: '/v1/enrollment/revoke',
  operationId: 'revokeEnrollment',
  tag: 'Verification',
  summary: "Ends a user's enrolment",
  description:
    'The user is no longer enrolled (POST /v1/verify answers no_enrollment) and the hosted check and passkey ' +
    'behind the enrolment stop counting toward the trust score; a hosted check completed later enrols the ' +
    'user again. Sends enrollment.revoked and trust.changed.',
  auth: true,
  request: {
    mediaType: 'application/json',
    schema: { name: 'RevokeEnrollmentRequest', schema: revokeEnrollmentRequestSchema, io: 'input' },
    example: { user_id: 'user_123' },
  },
  ok: {
    description: 'the revocation',
    mediaType: 'application/json',
    schema: { name: 'RevokeEnrollmentResponse', schema: revokeEnrollmentResponseSchema, io: 'output' },
    headers: RATE,
    example: {
      revoked: true,
      user_id: 'user_123',
      revoked_at: '2026-11-10T12:00:00.000Z',
    } satisfies RevokeEnrollmentResponse,
  },
  errors: [...API_ERRORS, 'NOT_FOUND', ...SERVER_ERRORS],
  errorNotes: {
    INVALID_REQUEST: { when: 'user_id is missing or too long', message: 'user_id is required' },
    NOT_FOUND: {
      when: 'this user_id has no active enrolment under this key',
      message: 'this user_id has no active enrolment under this key',
    },
  },
})
