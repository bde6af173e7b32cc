/**
 * Where a check may send a person back to: a redirect_url on one of the key's allowed redirect origins.
 * An origin is https, or http on a loopback address only (a developer's machine); a key with none set
 * accepts loopback origins only.
 */
export type OriginCheck = { ok: true; origin: string } | { ok: false; message: string }

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

export const isLoopback = (url: URL) =>
  LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)

/** An origin as `huma keys … --redirect-origins` accepts it: scheme://host[:port], nothing more. */
export function parseOrigin(text: string): OriginCheck {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, message: `${text} is not an origin (https://example.com)` }
  }
  if (url.origin === 'null' || url.href !== `${url.origin}/`)
    return { ok: false, message: `${text} must be an origin only: scheme://host[:port], no path` }
  if (url.protocol === 'https:') return { ok: true, origin: url.origin }
  if (url.protocol === 'http:' && isLoopback(url)) return { ok: true, origin: url.origin }
  return { ok: false, message: `${text} must be https (http only on localhost or 127.0.0.1)` }
}

/** The redirect_url, checked against the key's allowed origins. The message names the field. */
export function checkRedirectUrl(text: string, allowed: readonly string[]): OriginCheck {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, message: 'Invalid field: redirect_url must be an absolute URL' }
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    return {
      ok: false,
      message: 'Invalid field: redirect_url must be https (http only on a loopback address)',
    }
  if (url.username || url.password)
    return { ok: false, message: 'Invalid field: redirect_url must not carry credentials' }
  if (allowed.length === 0 ? !isLoopback(url) : !allowed.includes(url.origin))
    return {
      ok: false,
      message:
        allowed.length === 0
          ? 'Invalid field: redirect_url is not on a loopback origin, and this key has no allowed redirect origins (huma keys redirect-origins)'
          : `Invalid field: redirect_url is not on this key's allowed redirect origins (${url.origin} is not one)`,
    }
  return { ok: true, origin: url.origin }
}
