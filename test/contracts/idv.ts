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

    it("lists a key's checks newest first, a page at a time, and no other key's", async () => {
      const store = await fresh()
      const keyId = 'key_listlistlistlist'
      const checks = [3, 1, 2].map((n) => checkRecord({ keyId, createdAt: T0 + n * 1000 }))
      for (const c of checks) await store.putCheck(c)
      await store.putCheck(checkRecord({ keyId: 'key_otherotherother1', createdAt: T0 + 9000 }))
      const all = await store.listChecks(keyId, { offset: 0, limit: 10 })
      expect(all.map((c) => c.createdAt)).toEqual([T0 + 3000, T0 + 2000, T0 + 1000])
      expect(all[0]).toEqual(checks[0])
      const second = await store.listChecks(keyId, { offset: 1, limit: 1 })
      expect(second.map((c) => c.createdAt)).toEqual([T0 + 2000])
      expect(await store.listChecks(keyId, { offset: 3, limit: 10 })).toEqual([])
      expect(await store.listChecks('key_nonenonenonenone', { offset: 0, limit: 10 })).toEqual([])
    })

    it("queues the checks in review, every key's, newest first; a decision takes one out, once", async () => {
      const store = await fresh()
      const review = (over: Partial<IdvCheckRecord>) => {
        const check = checkRecord(over)
        check.result.verificationAssessment.verificationStatus = 'review'
        return check
      }
      const older = review({ keyId: 'key_aaaaaaaaaaaaaaaa', createdAt: T0 + 1000 })
      const newer = review({ keyId: 'key_bbbbbbbbbbbbbbbb', createdAt: T0 + 2000 })
      for (const c of [older, newer, checkRecord({ createdAt: T0 + 3000 })]) await store.putCheck(c)
      expect((await store.reviewQueue({ offset: 0, limit: 10 })).map((c) => c.id)).toEqual([
        newer.id,
        older.id,
      ])
      expect((await store.reviewQueue({ offset: 1, limit: 5 })).map((c) => c.id)).toEqual([older.id])

      const decided: IdvCheckRecord = {
        ...older,
        review: { decision: 'approved', at: T0 + 5000 },
        result: {
          ...older.result,
          verificationAssessment: { ...older.result.verificationAssessment, verificationStatus: 'verified' },
        },
      }
      expect(await store.decideReview(decided)).toBe(true)
      expect(await store.getCheck(older.id)).toEqual(decided)
      expect((await store.reviewQueue({ offset: 0, limit: 10 })).map((c) => c.id)).toEqual([newer.id])
      // a second decision on the same check is refused, and changes nothing
      const again = { ...decided, review: { decision: 'rejected' as const, at: T0 + 6000 } }
      expect(await store.decideReview(again)).toBe(false)
      expect(await store.getCheck(older.id)).toEqual(decided)
      // still listed under its key, decided
      const listed = await store.listChecks(older.keyId, { offset: 0, limit: 10 })
      expect(listed.find((c) => c.id === older.id)).toEqual(decided)
    })

    it('refuses a decision on a check not in review, unknown, or purged, and queues no purged check', async () => {
      const store = await fresh()
      const verified = checkRecord()
      await store.putCheck(verified)
      expect(await store.decideReview({ ...verified, review: { decision: 'rejected', at: T0 } })).toBe(false)
      expect(await store.decideReview(checkRecord())).toBe(false)
      const gone = checkRecord({ purgeAt: T0 + DAY })
      gone.result.verificationAssessment.verificationStatus = 'review'
      await store.putCheck(gone)
      await store.markPurged(gone.id, T0 + 2 * DAY)
      expect(await store.decideReview({ ...gone, review: { decision: 'approved', at: T0 } })).toBe(false)
      expect((await store.getCheck(gone.id))?.review).toBeUndefined()
      // nothing left to look at: it leaves the queue, and stays listed under its key, still in review
      expect(await store.reviewQueue({ offset: 0, limit: 10 })).toEqual([])
      const listed = await store.listChecks(gone.keyId, { offset: 0, limit: 10 })
      expect(listed.find((c) => c.id === gone.id)?.purgedAt).toBe(T0 + 2 * DAY)
    })
  })
}
