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

export interface IdvSessionResponse {
  url: string
  expires_at: string
}

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

export interface IdvFileRef {
  url: string
  fileName: string
}

export interface IdvResult {
  sessionId: string
  timestamp: string
  files: { selfieVideo: IdvFileRef; idPhoto: IdvFileRef }
  faceComparison: {
    isIdentical: boolean
    confidence: number
    similarityScore: number
    method: string
  }
  verificationAssessment: {
    overallScore: number
    verificationStatus: VerificationStatus
    confidenceLevel: ConfidenceLevel
    summary: string
  }
  status: 'completed'
}

export interface IdvSubmitResponse {
  success: true
  check_id: string
  result: IdvResult
}

/** The webhook payload of `idv.completed`, in the original's shape. */
export interface IdvWebhookPayload {
  check_id: string
  user_identifier: string
  verification_result: IdvResult
  files: { selfie_video_url: string; id_photo_url: string }
  completed_at: string
}

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
