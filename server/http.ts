/** The route edge: the only place where error codes become HTTP statuses. */
import type { Context } from 'hono'
import { ERROR_STATUS, type ErrorCode } from '../shared/errors.ts'

export function fail(c: Context, code: ErrorCode, message: string, retryAfterS?: number): Response {
  if (retryAfterS !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterS))))
  c.header('Cache-Control', 'no-store')
  return c.json({ error: code, message }, ERROR_STATUS[code])
}

const utf8 = new TextDecoder()

/**
 * The JSON body, as read by the readBody middleware (or by hono, on a route outside it); `undefined`
 * when it is not JSON (the caller answers INVALID_REQUEST).
 */
export async function readJson(c: Context): Promise<unknown> {
  try {
    const body = c.get('body') as Uint8Array | undefined
    return body === undefined ? await c.req.json() : JSON.parse(utf8.decode(body))
  } catch {
    return undefined
  }
}
