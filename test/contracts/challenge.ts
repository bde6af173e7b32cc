/**
 * The contract of the challenge slice: a key's own proof-of-work difficulty, set, changed and returned to
 * the default. Run against both stores by test/store-embedded.test.ts and test/store-redis.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { ChallengeBitsStore } from '../../server/challenge/store.ts'

export function challengeContract(fresh: () => Promise<ChallengeBitsStore>): void {
  describe('per-key proof-of-work difficulty', () => {
    it('has none for a key until one is set, then the latest set, then none again', async () => {
      const store = await fresh()
      expect(await store.bits('key_a')).toBeNull()
      await store.setBits('key_a', 16)
      await store.setBits('key_a', 14)
      await store.setBits('key_b', 10)
      expect(await store.bits('key_a')).toBe(14)
      expect(await store.bits('key_b')).toBe(10)
      await store.setBits('key_a', null)
      expect(await store.bits('key_a')).toBeNull()
      expect(await store.bits('key_b')).toBe(10)
    })
  })
}
