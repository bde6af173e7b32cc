/**
 * Who may use the dashboard: an operator token (HUMA_ADMIN_TOKEN, or one made by `huma admin token
 * create`, kept as its SHA-256) is exchanged at the login form for a session cookie, kept as its SHA-256
 * with an expiry. Login attempts are limited per address (counted in memory under a per-process key, never
 * stored). Every form carries a CSRF token derived from the session cookie, which a page on another site
 * cannot read. Domain code: results, not HTTP.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { randomBase62 } from '../keys/keys.ts'
import { constantTimeEqual } from '../secrets/compare.ts'
import type { AdminSession, AdminStore } from './store.ts'

export const MIN_TOKEN_LENGTH = 32
export const SESSION_MS = 12 * 60 * 60_000
export const LOGIN_ATTEMPTS_PER_MINUTE = 5
/** `__Host-`: Secure, Path=/, no Domain, so no other host or path can set or read it. */
export const SESSION_COOKIE = '__Host-huma_admin'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export function generateAdminToken(): string {
  return `huma_admin_${randomBase62(43)}`
}

export type LoginResult =
  | { ok: true; cookie: string; session: AdminSession }
  | { ok: false; why: 'RATE_LIMITED' | 'WRONG_TOKEN'; retryAfterS?: number }

export function createAdminAccess({
  store,
  envToken,
  now,
}: {
  store: AdminStore
  envToken?: string | undefined
  now: () => number
}) {
  const envHash = envToken ? sha256(envToken) : null
  const addressKey = randomBytes(32)
  const attempts = new Map<string, { count: number; resetAt: number }>()

  /** The operator a token belongs to, or null. */
  async function operator(token: string): Promise<string | null> {
    const hash = sha256(token)
    if (envHash !== null && constantTimeEqual(hash, envHash)) return 'env'
    return (await store.findTokenByHash(hash))?.name ?? null
  }

  /** Counts one attempt from `address`; false when it is over the limit for this minute. */
  function allowAttempt(address: string, at: number): { ok: boolean; retryAfterS: number } {
    const tag = createHmac('sha256', addressKey).update(address).digest('base64url')
    let entry = attempts.get(tag)
    if (!entry || entry.resetAt <= at) {
      if (attempts.size > 10_000) attempts.clear()
      entry = { count: 0, resetAt: at + 60_000 }
      attempts.set(tag, entry)
    }
    entry.count++
    return { ok: entry.count <= LOGIN_ATTEMPTS_PER_MINUTE, retryAfterS: (entry.resetAt - at) / 1000 }
  }

  return {
    /** On when HUMA_ADMIN_TOKEN is set or an operator token exists. */
    async enabled(): Promise<boolean> {
      return envHash !== null || (await store.countTokens()) > 0
    },

    async login(token: string, address: string): Promise<LoginResult> {
      const at = now()
      const allowed = allowAttempt(address, at)
      if (!allowed.ok) return { ok: false, why: 'RATE_LIMITED', retryAfterS: allowed.retryAfterS }
      const name = token.length >= MIN_TOKEN_LENGTH ? await operator(token) : null
      if (name === null) return { ok: false, why: 'WRONG_TOKEN' }
      const cookie = randomBytes(32).toString('base64url')
      const session = { name, expiresAt: at + SESSION_MS }
      await store.createSession(sha256(cookie), session, at)
      return { ok: true, cookie, session }
    },

    session: (cookie: string): Promise<AdminSession | null> => store.session(sha256(cookie), now()),

    logout: (cookie: string): Promise<void> => store.deleteSession(sha256(cookie)),

    /** The CSRF token of a session: derived from its cookie, which only this site's pages are sent. */
    csrf: (cookie: string): string => sha256(`csrf\0${cookie}`),

    checkCsrf(cookie: string, token: string | undefined): boolean {
      return typeof token === 'string' && constantTimeEqual(token, sha256(`csrf\0${cookie}`))
    },

    audit: (who: string, action: string, target: string) => store.audit({ at: now(), who, action, target }),

    auditLog: (limit: number) => store.auditLog(limit),
  }
}

export type AdminAccess = ReturnType<typeof createAdminAccess>
