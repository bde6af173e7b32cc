/** The route edge: the only place where error codes become HTTP statuses. */
import type { Context } from 'hono'
import { ERROR_STATUS, type ErrorCode } from '../shared/errors.ts'

export function fail(c: Context, code: ErrorCode, message: string, retryAfterS?: number): Response {
  if (retryAfterS !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterS))))
  c.header('Cache-Control', 'no-store')
  return c.json({ error: code, message }, ERROR_STATUS[code])
}

/** Reads a JSON body; `undefined` when it is not JSON (the caller answers INVALID_REQUEST). */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    return undefined
  }
}
