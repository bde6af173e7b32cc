/**
 * What a route's OpenAPI entry says besides its schemas (route.ts's RouteSpec adds those; each feature
 * declares its routes beside them, see server/limits/openapi.ts): its method, path, words, whether it
 * takes a key, and which error codes it can send; and the error and header lists they share.
 */
import type { ErrorCode } from '../../shared/errors.ts'

export const RATE = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] as const
export const QUOTA = ['X-Quota-Limit', 'X-Quota-Remaining'] as const

export interface OperationSpec {
  method: 'get' | 'post'
  path: string
  operationId: string
  tag:
    | 'Verification'
    | 'Audit tokens'
    | 'Snippet and demo'
    | 'Operations'
    | 'Reference'
    | 'Identity verification'
    | 'Content stamps'
  summary: string
  description: string
  /** needs `Authorization: Bearer huma_...` */
  auth: boolean
  /** the path's `{name}` parameters (strings), each described */
  params?: readonly { name: string; description: string }[]
  errors: readonly ErrorCode[]
  /** where this route means something narrower by a code than ERROR_WHEN / ERROR_EXAMPLES say */
  errorNotes?: Partial<Record<ErrorCode, { when: string; message: string }>>
}

export const AUTH_ERRORS = [
  'MISSING_AUTH',
  'INVALID_API_KEY_FORMAT',
  'INVALID_API_KEY',
  'SCOPE_NOT_ALLOWED',
  'ORIGIN_NOT_ALLOWED',
  'TRIAL_EXPIRED',
] as const
export const API_ERRORS = [
  ...AUTH_ERRORS,
  'INVALID_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'BURST_LIMIT_EXCEEDED',
] as const
export const SERVER_ERRORS = ['SERVICE_UNAVAILABLE', 'INTERNAL_ERROR'] as const
