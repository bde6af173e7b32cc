/**
 * The schema and headers every route's entry refers to by name (the Error body of every failure, the
 * rate and quota headers), which generate.ts puts into the document's components beside the routes'
 * own schemas. Imports nothing else of the openapi/ folder.
 */
import { z } from 'zod'
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts'

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]

/** The body of every error answer. */
export const errorBodySchema = z.object({ error: z.enum(ERROR_CODES), message: z.string() })
/**
 * The schemas of the document's frame, as they appear under components.schemas (each route names its
 * own beside it, route.ts's NamedSchema).
 */
export const SCHEMAS = {
  Error: { schema: errorBodySchema, io: 'output' },
} as const satisfies Record<string, { schema: z.ZodType; io: 'input' | 'output' }>
export type SchemaName = keyof typeof SCHEMAS

export const HEADERS = {
  'X-RateLimit-Limit': "requests this key may make per minute (its plan's burst limit)",
  'X-RateLimit-Remaining': 'requests left in the current one-minute window',
  'X-RateLimit-Reset': 'seconds until the oldest request in the window expires and a slot frees',
  'Retry-After': 'seconds to wait before trying again',
  'X-Quota-Limit': 'verifications this key may make this calendar month (UTC); live keys only',
  'X-Quota-Remaining': 'verifications left this month; live keys only',
} as const
export type HeaderName = keyof typeof HEADERS
