/**
 * The POY Verify contract's enrolment and trust routes, served by Huma under `/v1` (server/trust/): field
 * names and values exactly as the original publishes them, plus the trust route it omits and the
 * revocation it is silent about. The trust score's signal table lives here, typed once: the response's
 * `signals` are its names, docs/trust.md is its prose. Imports nothing of ours but the API's bounds.
 */
import { z } from 'zod'
import { ACTION_PATTERN, MAX_USER_ID_LENGTH } from '../api.ts'

export const POY_VERIFY_PATH = '/v1/verify'
export const TRUST_PATH = '/v1/trust/:user_id'
export const REVOKE_ENROLLMENT_PATH = '/v1/enrollment/revoke'

/** A verify call judged the user human this recently: the `recent_verification` signal. */
export const RECENT_VERIFICATION_DAYS = 30
/** The `enrollment_age` signal grows linearly to its full points over this many days. */
export const FULL_ENROLLMENT_AGE_DAYS = 90
export const MAX_TRUST_SCORE = 100

/**
 * What Huma can honestly attest about one user of one key, each with its points (they add up to
 * MAX_TRUST_SCORE). `attested` says where the evidence comes from; docs/trust.md says what each proves.
 */
export const TRUST_SIGNALS = [
  {
    name: 'hosted_check',
    points: 30,
    attested:
      "the user's latest hosted check (since any revocation) scored human: humanness_score >= 50 from the behavioural scorer",
  },
  {
    name: 'passkey',
    points: 25,
    attested: 'a passkey was registered (or used) in a hosted check for the user, checked by its signature',
  },
  {
    name: 'recent_verification',
    points: 20,
    attested: `POST /api/v1/verify judged the user human (human: true) within the last ${RECENT_VERIFICATION_DAYS} days`,
  },
  {
    name: 'identity_document',
    points: 15,
    attested: 'an identity check (POST /verif/submit) for the user ended with verificationStatus "verified"',
  },
  {
    name: 'enrollment_age',
    points: 10,
    attested: `the enrolment is active: its points grow linearly with its age, full after ${FULL_ENROLLMENT_AGE_DAYS} days`,
  },
] as const satisfies readonly { name: string; points: number; attested: string }[]

export type TrustSignalName = (typeof TRUST_SIGNALS)[number]['name']
export const TRUST_SIGNAL_NAMES = TRUST_SIGNALS.map((s) => s.name) as [TrustSignalName, ...TrustSignalName[]]

const userId = z.string().min(1).max(MAX_USER_ID_LENGTH)
const isoTime = z.string().describe('ISO-8601 time')
const score = z.number().min(0).max(MAX_TRUST_SCORE)

export const poyVerifyRequestSchema = z.object({
  /** your own id for the person, as given to the hosted check's reference_user_id */
  user_id: userId,
  /** what the user is doing (signup, post, payout...): letters, digits, _ and /, up to 32 */
  action: z.string().regex(ACTION_PATTERN).optional(),
})
export type PoyVerifyRequest = z.infer<typeof poyVerifyRequestSchema>

export const poyChecksSchema = z.object({
  biometric_liveness: z.boolean(),
  device_attestation: z.boolean(),
  enrollment_valid: z.boolean(),
})

export const poyVerifiedSchema = z.object({
  verified: z.literal(true),
  human_status: z.literal('confirmed'),
  trust_score: score,
  enrollment_active: z.literal(true),
  verified_since: isoTime,
  checks: poyChecksSchema,
})
export const poyUnverifiedSchema = z.object({
  verified: z.literal(false),
  human_status: z.literal('unconfirmed'),
  trust_score: z.literal(0),
  reason: z.literal('no_enrollment'),
})
export const poyVerifyResponseSchema = z.union([poyVerifiedSchema, poyUnverifiedSchema])
export type PoyVerifyResponse = z.infer<typeof poyVerifyResponseSchema>

export const trustSignalSchema = z.object({ verified: z.boolean(), points: z.number().min(0) })
export const trustResponseSchema = z.object({
  user_id: userId,
  trust_score: score,
  max_score: z.literal(MAX_TRUST_SCORE),
  signals: z.object(
    Object.fromEntries(TRUST_SIGNAL_NAMES.map((name) => [name, trustSignalSchema])) as Record<
      TrustSignalName,
      typeof trustSignalSchema
    >,
  ),
  /** when the active enrolment began; null without one */
  verified_since: isoTime.nullable(),
  /** the latest time the user was judged human (a hosted check or a verify call); null if never */
  last_verified: isoTime.nullable(),
})
export type TrustResponse = z.infer<typeof trustResponseSchema>

/** `GET /v1/trust/{user_id}`'s path parameter, URL-decoded. */
export const trustParamsSchema = z.object({ user_id: userId })

export const revokeEnrollmentRequestSchema = z.object({ user_id: userId })
export const revokeEnrollmentResponseSchema = z.object({
  revoked: z.literal(true),
  user_id: userId,
  revoked_at: isoTime,
})
export type RevokeEnrollmentResponse = z.infer<typeof revokeEnrollmentResponseSchema>

/** The webhook events' data (server/webhooks/events.ts): the caller's own user_id, as VerifyYou's do. */
export const enrollmentCreatedEventSchema = z.object({ user_id: userId, enrolled_at: isoTime })
export const enrollmentRevokedEventSchema = z.object({ user_id: userId, revoked_at: isoTime })
export const verificationCompletedEventSchema = z.object({
  user_id: userId,
  action: z.string().nullable(),
  verified: z.boolean(),
  human_status: z.enum(['confirmed', 'unconfirmed']),
  trust_score: score,
})
export const trustChangedEventSchema = z.object({
  user_id: userId,
  trust_score: score,
  previous_score: score,
})
