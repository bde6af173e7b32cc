/**
 * A key's scopes and allowed origins as the stores keep them (comma- and space-separated text) and the
 * one rule that decides whether a request may use the key for a route group.
 */
import {
  DEFAULT_SCOPES,
  isScope,
  MAX_ALLOWED_ORIGINS,
  MAX_ORIGIN_LENGTH,
  type Parsed,
  type Scope,
} from '../../shared/keys.ts'
import type { ApiKeyRecord } from './store.ts'

/** Stored scopes; null (a key from before scopes) reads as the default scopes. */
export const readScopes = (text: string | null): Scope[] =>
  text === null ? [...DEFAULT_SCOPES] : text.split(',').filter(isScope)

export const readAllowedOrigins = (text: string): string[] => text.split(' ').filter(Boolean)

export type AccessRefusal = { code: 'SCOPE_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED'; message: string }

/**
 * Whether `key` may be used for `scope` (undefined: a route group that declares none) by a request whose `Origin` header is `origin`. A request without
 * an Origin header (a server's own call: browsers send one on every cross-origin fetch and every POST)
 * is never refused for its origin; a key without allowed origins accepts any.
 */
export function checkAccess(
  key: Pick<ApiKeyRecord, 'scopes' | 'allowedOrigins'>,
  scope: Scope | undefined,
  origin: string | undefined,
): AccessRefusal | null {
  if (scope !== undefined && !key.scopes.includes(scope))
    return {
      code: 'SCOPE_NOT_ALLOWED',
      message: `this key lacks the ${scope} scope (it has: ${key.scopes.join(', ') || 'none'})`,
    }
  if (origin !== undefined && key.allowedOrigins.length > 0 && !key.allowedOrigins.includes(origin))
    return {
      code: 'ORIGIN_NOT_ALLOWED',
      message: `this key may not be used from the origin ${JSON.stringify(origin.slice(0, 100))}`,
    }
  return null
}

/**
 * A browser origin a key allows, exactly as browsers send it in `Origin`: `http(s)://host[:port]`,
 * lower case, no default port, no path, query, fragment or credentials.
 */
export function parseAllowedOrigin(text: string): Parsed<string> {
  const shown = JSON.stringify(text.slice(0, 80))
  const bad = (why: string): Parsed<string> => ({ ok: false, message: `origin ${shown} ${why}` })
  if (text.length > MAX_ORIGIN_LENGTH) return bad(`is longer than ${MAX_ORIGIN_LENGTH} characters`)
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return bad('is not an origin (https://example.com)')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad('must be http:// or https://')
  if (url.username || url.password || url.href !== `${url.origin}/`)
    return bad('must be an origin only: scheme://host[:port], no path')
  return { ok: true, value: url.origin }
}

/** Origins as given (separated by spaces, commas or lines), repeats dropped; none = any origin. */
export function parseAllowedOrigins(texts: readonly string[]): Parsed<string[]> {
  const origins: string[] = []
  for (const text of texts.flatMap((t) => t.split(/[\s,]+/)).filter(Boolean)) {
    const parsed = parseAllowedOrigin(text)
    if (!parsed.ok) return parsed
    if (!origins.includes(parsed.value)) origins.push(parsed.value)
  }
  if (origins.length > MAX_ALLOWED_ORIGINS)
    return { ok: false, message: `at most ${MAX_ALLOWED_ORIGINS} origins a key` }
  return { ok: true, value: origins }
}
