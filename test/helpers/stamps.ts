/** Content stamps in tests: a stand-in for the trust system's standing, and the calls over a real socket. */
import { createHash } from 'node:crypto'
import type { CreatorStanding, StandingOf } from '../../server/stamps/standing.ts'
import type { TestApp } from './app.ts'

/** A standing per user id (any key); users not set are not enrolled. */
export function fakeStanding(): {
  standingOf: StandingOf
  set(userId: string, s: Partial<CreatorStanding>): void
} {
  const table = new Map<string, CreatorStanding>()
  return {
    standingOf: async (_keyId, userId) =>
      table.get(userId) ?? { enrolled: false, enrolledSince: null, lastVerified: null, trustScore: 0 },
    set: (userId, s) =>
      table.set(userId, { enrolled: true, enrolledSince: 0, lastVerified: 0, trustScore: 98.2, ...s }),
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

export function stampCalls(t: TestApp) {
  const post = (path: string, key: string | null, body: unknown) =>
    t.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  return {
    stamp: (key: string | null, body: unknown) => post('/v1/stamp', key, body),
    check: (key: string | null, body: unknown) => post('/v1/stamp/check', key, body),
    revoke: (key: string | null, id: string) => post(`/v1/stamp/${id}/revoke`, key, ''),
  }
}
