/**
 * The contract of the stamps slice (server/stamps/store.ts): the monthly count, the stamp and its log
 * entry and webhook as one atomic step, exact and fork-free under concurrency; revocation by the key
 * that stamped only. Run against both stores by test/store-embedded.test.ts and test/store-redis.test.ts
 * (through storeContract), on a fresh store (the webhook slice shares it).
 */
import { describe, expect, it } from 'vitest'
import { GENESIS_HASH } from '../../shared/contracts/stamps.ts'
import { walkChain } from '../../server/stamps/chain.ts'
import { newStampId } from '../../server/stamps/service.ts'
import { stampsSlice, type NewStamp } from '../../server/stamps/store.ts'
import type { Store } from '../../server/store/types.ts'
import { newMessageId } from '../../server/webhooks/events.ts'
import { openWebhookStore } from '../../server/webhooks/store/index.ts'
import { MONTH, T0 } from './fixtures.ts'

let serial = 0
function newStamp(overrides: Partial<NewStamp['stamp']> = {}, limit = 100, withEvent = false): NewStamp {
  serial++
  const stamp = {
    id: newStampId(),
    keyId: 'key_a',
    contentHash: serial.toString(16).padStart(64, '0'),
    type: 'text' as const,
    creator: 'creatorhash',
    trustScore: 90.5,
    createdAt: T0 + serial,
    ...overrides,
  }
  const event = withEvent
    ? {
        id: newMessageId(),
        keyId: stamp.keyId,
        type: 'stamp.created' as const,
        sealedBody: 'sealed',
        createdAt: stamp.createdAt,
      }
    : null
  return { stamp, month: MONTH, limit, event }
}

export function stampsContract(fresh: () => Promise<Store>): void {
  describe('stamps', () => {
    it('stores a stamp, counts it and links it onto the log', async () => {
      const stamps = (await fresh()).slice(stampsSlice)
      expect(await stamps.head()).toEqual({ size: 0, hash: GENESIS_HASH, at: null })
      const input = newStamp()
      const made = await stamps.create(input)
      expect(made).toMatchObject({ ok: true, used: 1, entry: { seq: 1, kind: 'stamp', prev: GENESIS_HASH } })
      expect(await stamps.find(input.stamp.id)).toEqual({ ...input.stamp, revokedAt: null })
      expect(await stamps.find('stmp_aaaaaaaaaaaaaaaaaaaaaaaaaa')).toBeNull()
      expect(await stamps.used('key_a', MONTH)).toBe(1)
      const head = await stamps.head()
      expect(head).toEqual({ size: 1, hash: made.ok ? made.entry.hash : '', at: input.stamp.createdAt })
    })

    it('refuses at the limit with the count, the log and the stamps unchanged', async () => {
      const stamps = (await fresh()).slice(stampsSlice)
      await stamps.create(newStamp({}, 2))
      await stamps.create(newStamp({}, 2))
      const refused = newStamp({}, 2)
      expect(await stamps.create(refused)).toEqual({ ok: false, used: 2 })
      expect(await stamps.create(newStamp({ keyId: 'key_b' }, 0))).toEqual({ ok: false, used: 0 })
      expect(await stamps.find(refused.stamp.id)).toBeNull()
      expect((await stamps.head()).size).toBe(2)
      expect(await stamps.used('key_a', MONTH)).toBe(2)
      expect(await stamps.used('key_a', '2026-12')).toBe(0)
    })

    it('keeps a chain that re-walks to its head, revocations included, and pages its entries', async () => {
      const stamps = (await fresh()).slice(stampsSlice)
      const first = newStamp()
      for (const s of [first, newStamp(), newStamp()]) await stamps.create(s)
      const revoked = await stamps.revoke('key_a', first.stamp.id, T0 + 1_000)
      expect(revoked).toMatchObject({ ok: true, revokedAt: T0 + 1_000, entry: { seq: 4, kind: 'revoke' } })
      const all = await stamps.entries(1, 100)
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4])
      expect(walkChain(all)).toEqual({ ok: true, head: await stamps.head() })
      expect((await stamps.entries(2, 2)).map((e) => e.seq)).toEqual([2, 3])
      expect(await stamps.entries(5, 10)).toEqual([])
    })

    it('never times an entry before the one before it', async () => {
      const stamps = (await fresh()).slice(stampsSlice)
      await stamps.create(newStamp({ createdAt: T0 + 10_000 }))
      const made = await stamps.create(newStamp({ createdAt: T0 }))
      expect(made.ok && made.entry.at).toBe(T0 + 10_000)
    })

    it('revokes only for the key that stamped, once', async () => {
      const stamps = (await fresh()).slice(stampsSlice)
      const input = newStamp()
      await stamps.create(input)
      expect(await stamps.revoke('key_b', input.stamp.id, T0 + 5)).toEqual({ ok: false })
      expect(await stamps.revoke('key_a', 'stmp_aaaaaaaaaaaaaaaaaaaaaaaaaa', T0 + 5)).toEqual({ ok: false })
      expect((await stamps.find(input.stamp.id))?.revokedAt).toBeNull()
      await stamps.revoke('key_a', input.stamp.id, T0 + 1_000)
      expect(await stamps.revoke('key_a', input.stamp.id, T0 + 2_000)).toEqual({
        ok: true,
        revokedAt: T0 + 1_000,
        entry: null,
      })
      expect((await stamps.find(input.stamp.id))?.revokedAt).toBe(T0 + 1_000)
      expect((await stamps.head()).size).toBe(2)
    })

    it('admits exactly 15 of 60 parallel stamps and logs them on one chain, without a fork', async () => {
      const stamps = (await fresh()).slice(stampsSlice)
      const made = await Promise.all(Array.from({ length: 60 }, () => stamps.create(newStamp({}, 15))))
      expect(made.filter((m) => m.ok)).toHaveLength(15)
      expect(await stamps.used('key_a', MONTH)).toBe(15)
      const entries = await stamps.entries(1, 100)
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1))
      expect(walkChain(entries).ok).toBe(true)
    })

    it('appends parallel stamps and revocations onto one chain', async () => {
      const stamps = (await fresh()).slice(stampsSlice)
      const first = Array.from({ length: 10 }, () => newStamp())
      for (const s of first) await stamps.create(s)
      await Promise.all([
        ...first.map((s, i) => stamps.revoke('key_a', s.stamp.id, T0 + 100 + i)),
        ...Array.from({ length: 10 }, () => stamps.create(newStamp())),
      ])
      const entries = await stamps.entries(1, 100)
      expect(entries).toHaveLength(30)
      expect(walkChain(entries).ok).toBe(true)
    })

    it('writes the stamp.created webhook with the stamp, and none for a refused one', async () => {
      const store = await fresh()
      const stamps = store.slice(stampsSlice)
      const webhooks = openWebhookStore(store)
      const made = newStamp({}, 1, true)
      await stamps.create(made)
      await stamps.create(newStamp({}, 1, true))
      const deliveries = await webhooks.deliveries('key_a', 10)
      expect(deliveries.map((d) => [d.id, d.type, d.status])).toEqual([
        [made.event!.id, 'stamp.created', 'pending'],
      ])
    })
  })
}
