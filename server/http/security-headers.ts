/**
 * Headers every HTML page carries: a Content-Security-Policy that forbids framing (clickjacking) and
 * anything the page does not load from its own origin, nosniff, and a referrer policy. A route may set a
 * stricter policy of its own (the API reference does); framing is forbidden in it all the same.
 */
import type { MiddlewareHandler } from 'hono'
import { sentContentType } from './respond.ts'

/** The policy of a page that sets none: its own scripts and stylesheet (no inline code), same-origin fetches and forms. */
export const DEFAULT_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

export function securityHeaders(): MiddlewareHandler {
  return async function pageHeaders(c, next) {
    await next()
    // an API answer made by send() is left alone without reading its headers (see sentContentType)
    const sent = sentContentType(c.res)
    if (sent !== undefined && !sent.startsWith('text/html')) return
    const headers = c.res.headers
    if (!headers.get('Content-Type')?.startsWith('text/html')) return
    const policy = headers.get('Content-Security-Policy')
    if (!policy) headers.set('Content-Security-Policy', DEFAULT_PAGE_POLICY)
    else if (!policy.includes('frame-ancestors'))
      headers.set('Content-Security-Policy', `${policy}; frame-ancestors 'none'`)
    headers.set('X-Frame-Options', 'DENY')
    headers.set('X-Content-Type-Options', 'nosniff')
    // a route may ask for same-origin (the dashboard: a browser then sends its own Origin with a form,
    // which no-referrer turns into `null`)
    if (!headers.get('Referrer-Policy')) headers.set('Referrer-Policy', 'no-referrer')
  }
}
