/**
 * The contract of the replay slice: digests with their first sender, renewed by each sighting. Run against both stores by test/store-embedded.test.ts and
 * test/store-redis.test.ts (through storeContract); `fresh` gives the slice of a fresh, empty store.
 */
import { describe, expect, it } from 'vitest'
import type { DigestStore } from '../../server/replay/store.ts'
import { T0 } from './fixtures.ts'

export function replayContract(fresh: () => Promise<DigestStore>): void {
  describe('replay digests', () => {
    it('answers null the first time, then who sent it first and when, within the TTL', async () => {
      const store = await fresh()
      expect(await store.sightDigest('d1', 'alice', 1000, T0)).toBeNull()
      expect(await store.sightDigest('d1', 'bob', 1000, T0 + 500)).toEqual({ sender: 'alice', at: T0 })
      expect(await store.sightDigest('d1', 'alice', 1000, T0 + 999)).toEqual({ sender: 'alice', at: T0 })
      expect(await store.sightDigest('d2', 'bob', 1000, T0 + 999)).toBeNull()
    })

    it('sights several digests at once, each with its sender, as one by one would', async () => {
      const store = await fresh()
      await store.sightDigest('b', 'alice', 1000, T0)
      expect(
        await store.sightDigests(
          [
            { digest: 'a', sender: 'bob' },
            { digest: 'b', sender: 'bob' },
            { digest: 'c', sender: 'carol' },
          ],
          1000,
          T0 + 10,
        ),
      ).toEqual([null, { sender: 'alice', at: T0 }, null])
      expect(await store.sightDigests([{ digest: 'c', sender: 'dan' }], 1000, T0 + 20)).toEqual([
        { sender: 'carol', at: T0 + 10 },
      ])
      expect(await store.sightDigests([], 1000, T0)).toEqual([])
      expect(await store.sightDigest('a', 'erin', 1000, T0 + 1011)).toBeNull()
    })

    it('forgets a digest after its TTL, and each sighting renews it', async () => {
      const store = await fresh()
      await store.sightDigest('d', 'alice', 1000, T0)
      expect(await store.sightDigest('d', 'bob', 1000, T0 + 1000)).toBeNull()
      expect(await store.sightDigest('d', 'carol', 1000, T0 + 1900)).toEqual({
        sender: 'bob',
        at: T0 + 1000,
      })
    })

    it('keeps a digest for its TTL after its last sighting, give or take a 64th of it', async () => {
      const store = await fresh()
      await store.sightDigest('d', 'alice', 1000, T0)
      await store.sightDigest('d', 'bob', 1000, T0 + 600)
      // renewed at T0 + 600: there until at least T0 + 600 + 1000 * 63 / 64
      expect(await store.sightDigest('d', 'carol', 1000, T0 + 1580)).toEqual({ sender: 'alice', at: T0 })
      expect(await store.sightDigest('d', 'dan', 1000, T0 + 1580 + 1000)).toBeNull()
    })

    it('sights a digest given twice in one call twice, in order', async () => {
      const store = await fresh()
      expect(
        await store.sightDigests(
          [
            { digest: 'a', sender: 'alice' },
            { digest: 'b', sender: 'alice' },
            { digest: 'a', sender: 'bob' },
          ],
          1000,
          T0,
        ),
      ).toEqual([null, null, { sender: 'alice', at: T0 }])
    })

    it('answers a mix of new, seen, expired and renewed digests in the order given', async () => {
      const store = await fresh()
      await store.sightDigests(
        [
          { digest: 'old', sender: 'alice' },
          { digest: 'recent', sender: 'alice' },
        ],
        1000,
        T0,
      )
      await store.sightDigest('stale', 'bob', 1000, T0 + 100)
      await store.sightDigest('gone', 'bob', 100, T0 + 100)
      expect(
        await store.sightDigests(
          [
            { digest: 'new', sender: 'carol' },
            { digest: 'recent', sender: 'carol' },
            { digest: 'gone', sender: 'carol' },
            { digest: 'stale', sender: 'carol' },
            { digest: 'old', sender: 'carol' },
          ],
          1000,
          T0 + 500,
        ),
      ).toEqual([
        null,
        { sender: 'alice', at: T0 },
        null,
        { sender: 'bob', at: T0 + 100 },
        { sender: 'alice', at: T0 },
      ])
      expect(await store.sightDigest('gone', 'dan', 1000, T0 + 600)).toEqual({
        sender: 'carol',
        at: T0 + 500,
      })
    })

    it('answers null to exactly one of 50 parallel sightings, and names that one to the rest', async () => {
      const store = await fresh()
      const firsts = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.sightDigest('d', `s${i}`, 60_000, T0)),
      )
      expect(firsts.filter((f) => f === null)).toHaveLength(1)
      const winner = `s${firsts.indexOf(null)}`
      expect(firsts.every((f) => f === null || f.sender === winner)).toBe(true)
    })
  })
}
