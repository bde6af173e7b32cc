/** What the store contracts share: a fixed time, a month, and fresh key records. */
import { DEFAULT_SCOPES } from '../../shared/keys.ts'
import type { ApiKeyRecord } from '../../server/keys/store.ts'

export const T0 = Date.UTC(2026, 10, 22, 12, 0, 0)
export const MONTH = '2026-11'

let serial = 0
export function keyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  serial++
  return {
    id: `key_${String(serial).padStart(4, '0')}`,
    hash: `${serial}`.padStart(64, 'a'),
    mode: 'live',
    plan: 'starter',
    name: null,
    createdAt: T0 + serial,
    trialEndsAt: null,
    revokedAt: null,
    scopes: [...DEFAULT_SCOPES],
    allowedOrigins: [],
    ...overrides,
  }
}
