/**
 * The contract of the verdicts slice: counters added to, read back per key and range of days. Run against
 * both stores by test/store-embedded.test.ts and test/store-redis.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { VerdictCount, VerdictStore } from '../../server/verdicts/store.ts'

const count = (
  day: string,
  kind: VerdictCount['kind'],
  name: string,
  n: number,
  keyId = 'key_a',
): VerdictCount => ({
  keyId,
  action: 'signup',
  day,
  kind,
  name,
  count: n,
})

export function verdictsContract(fresh: () => Promise<VerdictStore>): void {
  describe('verdict counters', () => {
    it('adds to each counter and reads one key over a range of days', async () => {
      const store = await fresh()
      await store.add([
        count('2026-12-01', 'bucket', '0.9', 2),
        count('2026-12-01', 'reason', 'NATURAL_MOTION', 2),
      ])
      await store.add([count('2026-12-01', 'bucket', '0.9', 3), count('2026-12-02', 'bucket', '0.1', 1)])
      await store.add([
        count('2026-12-01', 'bucket', '0.9', 7, 'key_b'),
        count('2026-12-09', 'bucket', '0.5', 1),
      ])
      expect(await store.read('key_a', '2026-12-01', '2026-12-02')).toEqual([
        count('2026-12-01', 'bucket', '0.9', 5),
        count('2026-12-01', 'reason', 'NATURAL_MOTION', 2),
        count('2026-12-02', 'bucket', '0.1', 1),
      ])
      expect(await store.read('key_c', '2026-12-01', '2026-12-31')).toEqual([])
    })
  })
}
