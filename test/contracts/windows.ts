/**
 * The contract of the windows slice: sliding-window logs, exact under concurrency. Run against both stores by test/store-embedded.test.ts and
 * test/store-redis.test.ts (through storeContract); `fresh` gives the slice of a fresh, empty store.
 */
import { describe, expect, it } from 'vitest'
import type { WindowStore } from '../../server/limits/windows-store.ts'
import { T0 } from './fixtures.ts'

export function windowsContract(fresh: () => Promise<WindowStore>): void {
  describe('sliding windows', () => {
    it('admits exactly the limit, counting down, then refuses until the oldest hit expires', async () => {
      const store = await fresh()
      const first = await store.hitWindow('w', 3, 60_000, T0)
      expect(first).toEqual({ ok: true, limit: 3, remaining: 2, resetMs: 60_000 })
      expect(await store.hitWindow('w', 3, 60_000, T0 + 10_000)).toMatchObject({ ok: true, remaining: 1 })
      expect(await store.hitWindow('w', 3, 60_000, T0 + 20_000)).toMatchObject({ ok: true, remaining: 0 })
      expect(await store.hitWindow('w', 3, 60_000, T0 + 30_000)).toEqual({
        ok: false,
        limit: 3,
        remaining: 0,
        resetMs: 30_000,
      })
      expect(await store.hitWindow('w', 3, 60_000, T0 + 59_999)).toMatchObject({ ok: false, resetMs: 1 })
      expect(await store.hitWindow('w', 3, 60_000, T0 + 60_000)).toMatchObject({ ok: true, remaining: 0 })
      expect(await store.hitWindow('w', 3, 60_000, T0 + 60_001)).toMatchObject({
        ok: false,
        resetMs: 9_999,
      })
    })

    it('does not record refused hits', async () => {
      const store = await fresh()
      await store.hitWindow('w', 1, 1000, T0)
      for (let i = 1; i < 10; i++) expect((await store.hitWindow('w', 1, 1000, T0 + i * 100)).ok).toBe(false)
      expect((await store.hitWindow('w', 1, 1000, T0 + 1000)).ok).toBe(true)
    })

    it('counts hits in the same millisecond separately', async () => {
      const store = await fresh()
      for (let i = 0; i < 4; i++) expect((await store.hitWindow('w', 4, 1000, T0)).ok).toBe(true)
      expect((await store.hitWindow('w', 4, 1000, T0)).ok).toBe(false)
    })

    it('keeps buckets apart', async () => {
      const store = await fresh()
      expect((await store.hitWindow('a', 1, 1000, T0)).ok).toBe(true)
      expect((await store.hitWindow('a', 1, 1000, T0)).ok).toBe(false)
      expect((await store.hitWindow('b', 1, 1000, T0)).ok).toBe(true)
    })

    it('refuses everything at limit 0', async () => {
      const store = await fresh()
      expect(await store.hitWindow('w', 0, 1000, T0)).toEqual({
        ok: false,
        limit: 0,
        remaining: 0,
        resetMs: 0,
      })
    })

    it('admits exactly 37 of 200 parallel hits', async () => {
      const store = await fresh()
      const hits = await Promise.all(Array.from({ length: 200 }, () => store.hitWindow('w', 37, 60_000, T0)))
      expect(hits.filter((h) => h.ok)).toHaveLength(37)
    })

    it('peeks at a window without counting a hit: the headroom a hit now would find', async () => {
      const store = await fresh()
      expect(await store.peekWindow('w', 3, 60_000, T0)).toEqual({
        ok: true,
        limit: 3,
        remaining: 3,
        resetMs: 0,
      })
      await store.hitWindow('w', 3, 60_000, T0)
      await store.hitWindow('w', 3, 60_000, T0 + 10_000)
      for (let i = 0; i < 5; i++)
        expect(await store.peekWindow('w', 3, 60_000, T0 + 20_000)).toEqual({
          ok: true,
          limit: 3,
          remaining: 1,
          resetMs: 40_000,
        })
      // the peeks took nothing: one more hit is still admitted, the next is not
      expect((await store.hitWindow('w', 3, 60_000, T0 + 20_000)).ok).toBe(true)
      expect(await store.peekWindow('w', 3, 60_000, T0 + 30_000)).toMatchObject({ ok: false, remaining: 0 })
      // a minute after the first hit, its slot is free again
      expect(await store.peekWindow('w', 3, 60_000, T0 + 60_000)).toMatchObject({
        ok: true,
        remaining: 1,
        resetMs: 10_000,
      })
      expect(await store.peekWindow('other', 3, 60_000, T0)).toMatchObject({ remaining: 3 })
    })
  })
}
