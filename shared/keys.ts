/** API keys: `huma_live_` or `huma_test_` followed by 32 base62 characters. */
export const KEY_BODY_LENGTH = 32
export const KEY_PATTERN = /^huma_(live|test)_[A-Za-z0-9]{32}$/

export type KeyMode = 'live' | 'test'

export function keyMode(key: string): KeyMode | null {
  const match = KEY_PATTERN.exec(key)
  return match ? (match[1] as KeyMode) : null
}

/**
 * What a key may be used for: each route group declares one (server/keys/auth.ts, `apiKey({ scope })`).
 * `verify`: /api/v1/* (verify, limits, token verify) and POST /v1/verify; `hosted`: the hosted check's
 * and the identity check's APIs; `stamp`: /v1/stamp*; `trust`: /v1/trust/*; `webhooks`: the webhook
 * admin routes; `admin`: reserved for administering Huma through a key, never given by default.
 */
export const SCOPES = ['verify', 'hosted', 'stamp', 'trust', 'webhooks', 'admin'] as const
export type Scope = (typeof SCOPES)[number]
/** A key made without `--scopes` (and every key made before scopes existed): all but `admin`. */
export const DEFAULT_SCOPES: readonly Scope[] = SCOPES.filter((s) => s !== 'admin')
/** How many browser origins one key may allow, and how long one may be. */
export const MAX_ALLOWED_ORIGINS = 32
export const MAX_ORIGIN_LENGTH = 253 + 16

export const isScope = (text: string): text is Scope => (SCOPES as readonly string[]).includes(text)

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

/** Scopes as given (names, in any order, repeats dropped), in SCOPES order; at least one. */
export function parseScopes(texts: readonly string[]): Parsed<Scope[]> {
  const names = texts
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean)
  const unknown = names.find((n) => !isScope(n))
  if (unknown !== undefined)
    return {
      ok: false,
      message: `unknown scope ${JSON.stringify(unknown.slice(0, 40))}; scopes: ${SCOPES.join(', ')}`,
    }
  if (names.length === 0) return { ok: false, message: `give at least one scope of ${SCOPES.join(', ')}` }
  return { ok: true, value: SCOPES.filter((s) => names.includes(s)) }
}
