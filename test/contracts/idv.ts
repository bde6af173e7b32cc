/**
 * The contract of the identity checks' slice (server/idv/store.ts). Run against both stores by
 * test/store-embedded.test.ts and test/store-redis.test.ts (through storeContract).
 */
import { describe, expect, it } from 'vitest'
import type { IdvCheckRecord, IdvStore } from '../../server/idv/store.ts'

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0)
const DAY = 86_400_000

let serial = 0
export function checkRecord(overrides: Partial<IdvCheckRecord> = {}): IdvCheckRecord {
  serial++
  const id = `idv_${String(serial).padStart(20, '0')}`
  return {
    id,
    keyId: 'key_aaaaaaaaaaaaaaaa',
    userHash: 'hash',
    createdAt: T0,
    purgeAt: T0 + 7 * DAY,
    purgedAt: null,
    result: {
      sessionId: id,
      timestamp: new Date(T0).toISOString(),
      files: {
        selfieVideo: { url: 'https://x/v', fileName: 'selfie.webm' },
        idPhoto: { url: 'https://x/i', fileName: 'id.jpg' },
      },
      faceComparison: { isIdentical: true, confidence: 0.9, similarityScore: 0.7, method: 'm' },
      verificationAssessment: {
        overallScore: 90,
        verificationStatus: 'verified',
        confidenceLevel: 'high',
        summary: 's',
      },
      status: 'completed',
    },
    sealedContact: 'sealed',
    files: {
      selfieVideo: { blob: 'selfie', fileName: 'selfie.webm', mime: 'video/webm' },
      idPhoto: { blob: 'id', fileName: 'id.jpg', mime: 'image/jpeg' },
    },
    ...overrides,
  }
}

export function idvContract(fresh: () => Promise<IdvStore>): void {
  describe('identity checks', () => {
    it('gives a stored check back with every field intact', async () => {
      const store = await fresh()
      const check = checkRecord()
      await store.putCheck(check)
      expect(await store.getCheck(check.id)).toEqual(check)
      expect(await store.getCheck('idv_00000000000000000nope')).toBeNull()
    })

    it('lists checks due for purge, oldest first, and not those still in their retention', async () => {
      const store = await fresh()
      const late = checkRecord({ purgeAt: T0 + 2 * DAY })
      const early = checkRecord({ purgeAt: T0 + DAY })
      const notYet = checkRecord({ purgeAt: T0 + 9 * DAY })
      for (const c of [late, early, notYet]) await store.putCheck(c)
      const due = await store.duePurge(T0 + 3 * DAY, 10)
      expect(due.map((c) => c.id)).toEqual([early.id, late.id])
      expect(await store.duePurge(T0 + 3 * DAY, 1)).toHaveLength(1)
    })

    it('keeps the result of a purged check, drops its files and contact data, and lists it no more', async () => {
      const store = await fresh()
      const check = checkRecord({ purgeAt: T0 + DAY })
      await store.putCheck(check)
      await store.markPurged(check.id, T0 + 2 * DAY)
      const after = await store.getCheck(check.id)
      expect(after).toEqual({ ...check, purgedAt: T0 + 2 * DAY, files: null, sealedContact: null })
      expect(await store.duePurge(T0 + 3 * DAY, 10)).toEqual([])
    })

    it('hands a page session out once, and not after it expires', async () => {
      const store = await fresh()
      const session = { keyId: 'key_a', sealedContact: 'x', expiresAt: T0 + 60_000 }
      await store.putSession('h1', session, T0)
      expect(await store.peekSession('h1', T0)).toEqual(session)
      expect(await store.takeSession('h1', T0 + 1)).toEqual(session)
      expect(await store.takeSession('h1', T0 + 2)).toBeNull()
      expect(await store.peekSession('h1', T0 + 2)).toBeNull()
      await store.putSession('h2', session, T0)
      expect(await store.peekSession('h2', T0 + 60_000)).toBeNull()
      expect(await store.takeSession('h2', T0 + 60_000)).toBeNull()
    })

    it('keeps one theme per key, the last one set', async () => {
      const store = await fresh()
      expect(await store.getTheme('key_a')).toBeNull()
      await store.setTheme('key_a', { name: 'Shop', primary_color: '#112233' })
      await store.setTheme('key_a', { name: 'Shop 2' })
      expect(await store.getTheme('key_a')).toEqual({ name: 'Shop 2' })
      expect(await store.getTheme('key_b')).toBeNull()
    })
  })
}
