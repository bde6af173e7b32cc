/**
 * The identity-verification contract (`/verif/...`): field names exactly as the original publishes them.
 * The routes parse with these schemas and the OpenAPI document is written from them.
 */
import { z } from 'zod'

/** The largest selfie video accepted, enforced while the upload is read. */
export const MAX_VIDEO_BYTES = 50 * 1024 * 1024
/** The largest ID photo accepted. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024
/** Frames the page may send along with its video (captured during the active prompt). */
export const MAX_FRAMES = 8
export const MAX_FRAME_BYTES = 2 * 1024 * 1024

const identifier = z.string().trim().min(1).max(256)

/** The text fields of `POST /verif/submit` (the files travel beside them in the same multipart body). */
export const idvSubmitFieldsSchema = z.object({
  api_key: z.string().min(1).max(200),
  user_identifier: identifier,
  user_email: z.string().trim().max(254).email().optional(),
  user_phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^\+?[0-9 ().-]{3,32}$/)
    .optional(),
  /** a one-time session from POST /verif/sessions, sent by the hosted page instead of a key */
  session: z.string().max(100).optional(),
})
export type IdvSubmitFields = z.infer<typeof idvSubmitFieldsSchema>

/** `POST /verif/sessions` (from the partner's backend, key in the Authorization header). */
export const idvSessionRequestSchema = z.object({
  user_identifier: identifier,
  user_email: z.string().trim().max(254).email().optional(),
  user_phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^\+?[0-9 ().-]{3,32}$/)
    .optional(),
})
export type IdvSessionRequest = z.infer<typeof idvSessionRequestSchema>

export const idvSessionResponseSchema = z.object({
  /** the page's one-time URL: send the person there */
  url: z.string(),
  expires_at: z.string(),
})
export type IdvSessionResponse = z.infer<typeof idvSessionResponseSchema>

export const VERIFICATION_STATUSES = [
  'verified',
  'review',
  'rejected',
  'no_face_in_selfie',
  'multiple_faces_in_selfie',
  'no_face_on_id',
] as const
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number]

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number]

const fileRefSchema = z.object({ url: z.string(), fileName: z.string() })
export type IdvFileRef = z.infer<typeof fileRefSchema>

export const idvResultSchema = z.object({
  sessionId: z.string(),
  timestamp: z.string(),
  files: z.object({ selfieVideo: fileRefSchema, idPhoto: fileRefSchema }),
  faceComparison: z.object({
    isIdentical: z.boolean(),
    confidence: z.number().min(0).max(1),
    similarityScore: z.number().min(0).max(1),
    method: z.string(),
  }),
  verificationAssessment: z.object({
    overallScore: z.number().int().min(0).max(100),
    verificationStatus: z.enum(VERIFICATION_STATUSES),
    confidenceLevel: z.enum(CONFIDENCE_LEVELS),
    summary: z.string(),
  }),
  status: z.literal('completed'),
})
export type IdvResult = z.infer<typeof idvResultSchema>

export const idvSubmitResponseSchema = z.object({
  success: z.literal(true),
  check_id: z.string(),
  result: idvResultSchema,
})
export type IdvSubmitResponse = z.infer<typeof idvSubmitResponseSchema>

/** The multipart form of `POST /verif/submit`, for the OpenAPI document (files as binary strings). */
export const idvSubmitFormSchema = z.object({
  api_key: z.string().describe('your secret key (or `session` instead, as the hosted page sends)'),
  user_identifier: z.string().describe('your own id for the person (`user_id` is accepted too)'),
  user_email: z.string().optional(),
  user_phone: z.string().optional(),
  session: z.string().optional(),
  selfie_video: z.string().describe('binary: WebM, MP4, MOV, Ogg or AVI, at most 50 MB and 60 s'),
  id_photo: z.string().describe('binary: JPEG, PNG or WebP, at most 15 MB and 8000 px a side'),
  frame: z
    .array(z.string())
    .max(MAX_FRAMES)
    .optional()
    .describe('binary, repeatable: JPEG frames captured during the prompts (the hosted page sends them)'),
})

/** The webhook payload of the completion event, in the original's shape. */
export const idvWebhookPayloadSchema = z.object({
  check_id: z.string(),
  user_identifier: z.string(),
  verification_result: idvResultSchema,
  files: z.object({ selfie_video_url: z.string(), id_photo_url: z.string() }),
  completed_at: z.string(),
})
export type IdvWebhookPayload = z.infer<typeof idvWebhookPayloadSchema>

/** Per-key theming of the hosted page (`huma idv theme ...`). */
export const idvThemeSchema = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  /** a data: URL (the page makes no third-party requests) */
  logo_url: z
    .string()
    .max(2000)
    .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/)
    .optional(),
  primary_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  background_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
})
export type IdvTheme = z.infer<typeof idvThemeSchema>
