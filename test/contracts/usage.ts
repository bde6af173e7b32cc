/**
 * The contract of the usage slice: monthly reservations, exact under concurrency. Run against both stores by test/store-embedded.test.ts and
 * test/store-redis.test.ts (through storeContract); `fresh` gives the slice of a fresh, empty store.
 */
import { describe, expect, it } from 'vitest'
import type { UsageStore } from '../../server/limits/usage-store.ts'
import { MONTH } from './fixtures.ts'

export function usageContract(fresh: () => Promise<UsageStore>): void {
  describe('monthly usage', () => {
    it('counts up to the limit, then refuses with the count unchanged', async () => {
      const store = await fresh()
      expect(await store.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: true, used: 1 })
      expect(await store.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: true, used: 2 })
      expect(await store.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: false, used: 2 })
      expect(await store.usage(MONTH, 'key_a')).toEqual([{ keyId: 'key_a', month: MONTH, used: 2 }])
    })

    it('refuses at limit 0', async () => {
      const store = await fresh()
      expect(await store.reserveMonthly('key_a', MONTH, 0)).toEqual({ ok: false, used: 0 })
    })

    it('gives a reservation back, never below zero', async () => {
      const store = await fresh()
      await store.reserveMonthly('key_a', MONTH, 1)
      await store.releaseMonthly('key_a', MONTH)
      expect(await store.reserveMonthly('key_a', MONTH, 1)).toEqual({ ok: true, used: 1 })
      await store.releaseMonthly('key_a', MONTH)
      await store.releaseMonthly('key_a', MONTH)
      await store.releaseMonthly('key_b', MONTH)
      expect(await store.usage(MONTH, 'key_a')).toEqual([{ keyId: 'key_a', month: MONTH, used: 0 }])
    })

    it('keeps keys and months apart and lists a month by key id', async () => {
      const store = await fresh()
      await store.reserveMonthly('key_b', MONTH, 5)
      await store.reserveMonthly('key_a', MONTH, 5)
      await store.reserveMonthly('key_a', MONTH, 5)
      await store.reserveMonthly('key_a', '2026-12', 5)
      expect(await store.usage(MONTH)).toEqual([
        { keyId: 'key_a', month: MONTH, used: 2 },
        { keyId: 'key_b', month: MONTH, used: 1 },
      ])
      expect(await store.usage('2026-12')).toEqual([{ keyId: 'key_a', month: '2026-12', used: 1 }])
      expect(await store.usage('2027-01')).toEqual([])
    })

    it('admits exactly 25 of 100 parallel reservations', async () => {
      const store = await fresh()
      const hits = await Promise.all(
        Array.from({ length: 100 }, () => store.reserveMonthly('key_a', MONTH, 25)),
      )
      expect(hits.filter((h) => h.ok)).toHaveLength(25)
      expect(await store.usage(MONTH, 'key_a')).toEqual([{ keyId: 'key_a', month: MONTH, used: 25 }])
    })
  })
}
