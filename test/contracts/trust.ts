/**
 * The trust slice's contract (server/trust/store.ts), run against both stores through storeContract:
 * the evidence times keep the latest, and `announce` compares, writes and puts its events into the
 * webhook outbox all at once, or not at all.
 */
import { describe, expect, it } from 'vitest'
import { trustSlice } from '../../server/trust/store.ts'
import type { Store } from '../../server/store/types.ts'
import type { PreparedEvent } from '../../server/webhooks/outbox.ts'
import { openWebhookStore } from '../../server/webhooks/store/index.ts'

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0)
const KEY = 'key_trust_contract'
let serial = 0

function event(type: PreparedEvent['type'] = 'trust.changed'): PreparedEvent {
  serial++
  return {
    id: `msg_${'abcdefghij'.repeat(3).slice(0, 20)}${String(serial)
      .padStart(6, '0')
      .replace(/\d/g, (d) => 'klmnopqrst'[Number(d)]!)}`,
    keyId: KEY,
    type,
    sealedBody: `v1.sealed-${serial}`,
    createdAt: T0 + serial,
  }
}

const NONE = { enrolledAt: null, revokedAt: null, score: null }

export function trustContract(fresh: () => Promise<Store>): void {
  describe('trust records', () => {
    it('knows nothing of a user until something is noted or announced', async () => {
      const trust = (await fresh()).slice(trustSlice)
      expect(await trust.get(KEY, 'h1')).toBeNull()
    })

    it('keeps the latest human verdict and identity check, whatever order they are reported in', async () => {
      const trust = (await fresh()).slice(trustSlice)
      expect(await trust.noteHuman(KEY, 'h1', T0 + 50)).toEqual({
        ...NONE,
        lastHumanAt: T0 + 50,
        idvVerifiedAt: null,
      })
      // an older report keeps the later time, and each answers the record as it now is
      expect((await trust.noteHuman(KEY, 'h1', T0 + 10)).lastHumanAt).toBe(T0 + 50)
      await trust.noteIdentity(KEY, 'h1', T0 + 7)
      expect(await trust.noteIdentity(KEY, 'h1', T0 + 9)).toMatchObject({
        lastHumanAt: T0 + 50,
        idvVerifiedAt: T0 + 9,
      })
      expect(await trust.get(KEY, 'h1')).toEqual({
        ...NONE,
        lastHumanAt: T0 + 50,
        idvVerifiedAt: T0 + 9,
      })
      // per key and user hash
      expect(await trust.get(KEY, 'h2')).toBeNull()
      expect(await trust.get('key_other', 'h1')).toBeNull()
    })

    it('announces a change and its events together, once: a second writer with the old view writes nothing', async () => {
      const store = await fresh()
      const trust = store.slice(trustSlice)
      const webhooks = openWebhookStore(store)
      await trust.noteHuman(KEY, 'h1', T0)
      const next = { enrolledAt: T0, revokedAt: null, score: 62.3 }
      const first = [event('enrollment.created'), event('trust.changed')]
      expect(await trust.announce(KEY, 'h1', NONE, next, first)).toBe(true)
      expect(await trust.announce(KEY, 'h1', NONE, { ...next, score: 70 }, [event()])).toBe(false)
      expect(await trust.get(KEY, 'h1')).toEqual({ ...next, lastHumanAt: T0, idvVerifiedAt: null })
      const delivered = await webhooks.deliveries(KEY, 10)
      expect(delivered.map((d) => d.id).sort()).toEqual(first.map((e) => e.id).sort())
      expect(delivered.every((d) => d.status === 'pending')).toBe(true)
      expect(delivered.find((d) => d.id === first[0]!.id)?.type).toBe('enrollment.created')
    })

    it('answers the announced fields with a noted time', async () => {
      const trust = (await fresh()).slice(trustSlice)
      const announced = { enrolledAt: T0, revokedAt: T0 - 5, score: 61.5 }
      await trust.announce(KEY, 'h1', NONE, announced, [])
      expect(await trust.noteHuman(KEY, 'h1', T0 + 1)).toEqual({
        ...announced,
        lastHumanAt: T0 + 1,
        idvVerifiedAt: null,
      })
    })

    it('compares every announced field, a revocation and a null score included', async () => {
      const trust = (await fresh()).slice(trustSlice)
      const enrolled = { enrolledAt: T0, revokedAt: null, score: 55 }
      expect(await trust.announce(KEY, 'h1', NONE, enrolled, [])).toBe(true)
      const revoked = { enrolledAt: null, revokedAt: T0 + 5, score: 0 }
      expect(await trust.announce(KEY, 'h1', { ...enrolled, score: 54.9 }, revoked, [])).toBe(false)
      expect(await trust.announce(KEY, 'h1', { ...enrolled, enrolledAt: T0 + 1 }, revoked, [])).toBe(false)
      expect(await trust.announce(KEY, 'h1', enrolled, revoked, [])).toBe(true)
      expect(await trust.get(KEY, 'h1')).toMatchObject(revoked)
      expect(await trust.announce(KEY, 'h1', revoked, { ...revoked, score: null }, [])).toBe(true)
      expect(await trust.get(KEY, 'h1')).toMatchObject({ score: null, revokedAt: T0 + 5 })
    })

    it("forgets only passers-by whose last human verdict is older than the sweep's time", async () => {
      const trust = (await fresh()).slice(trustSlice)
      await trust.noteHuman(KEY, 'old', T0)
      await trust.noteHuman(KEY, 'recent', T0 + 100)
      await trust.noteHuman(KEY, 'old_but_enrolled', T0)
      await trust.announce(KEY, 'old_but_enrolled', NONE, { enrolledAt: T0, revokedAt: null, score: 55 }, [])
      await trust.noteHuman(KEY, 'old_scored', T0)
      await trust.announce(KEY, 'old_scored', NONE, { enrolledAt: null, revokedAt: null, score: 20 }, [])
      await trust.noteHuman(KEY, 'old_lapsed', T0)
      await trust.announce(KEY, 'old_lapsed', NONE, { enrolledAt: null, revokedAt: null, score: 0 }, [])
      await trust.noteHuman(KEY, 'old_identity', T0)
      await trust.noteIdentity(KEY, 'old_identity', T0)
      expect(await trust.sweep(T0 + 50)).toBe(2)
      for (const gone of ['old', 'old_lapsed']) expect(await trust.get(KEY, gone), gone).toBeNull()
      for (const kept of ['recent', 'old_but_enrolled', 'old_scored', 'old_identity'])
        expect(await trust.get(KEY, kept), kept).not.toBeNull()
      expect(await trust.sweep(T0 + 50)).toBe(0)
    })

    it('lets exactly one of many concurrent announcements of the same change through', async () => {
      const store = await fresh()
      const trust = store.slice(trustSlice)
      const tries = Array.from({ length: 8 }, () =>
        trust.announce(KEY, 'h9', NONE, { enrolledAt: T0, revokedAt: null, score: 30 }, [event()]),
      )
      expect((await Promise.all(tries)).filter(Boolean)).toHaveLength(1)
      expect(await openWebhookStore(store).deliveries(KEY, 20)).toHaveLength(1)
    })
  })
}
