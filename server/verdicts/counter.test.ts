import { describe, expect, it } from 'vitest'
import { bucketOf, createVerdictCounter } from './counter.ts'
import type { VerdictCount, VerdictStore } from './store.ts'

function memoryStore(): VerdictStore & { adds: VerdictCount[][] } {
  const adds: VerdictCount[][] = []
  return {
    adds,
    add: async (counts) => void adds.push(counts.map((c) => ({ ...c }))),
    read: async (keyId) => adds.flat().filter((c) => c.keyId === keyId),
  }
}

describe('the verdict counter', () => {
  it('puts a confidence in its tenth, 1 with 0.9', () => {
    expect([0, 0.049, 0.1, 0.5, 0.999, 1].map(bucketOf)).toEqual(['0.0', '0.0', '0.1', '0.5', '0.9', '0.9'])
  })

  it('adds up answers in memory and writes each counter once a flush', async () => {
    const store = memoryStore()
    const counter = createVerdictCounter(store, { flushMs: 60_000 })
    const at = Date.UTC(2026, 11, 6, 12)
    counter.record({ keyId: 'key_a', action: 'signup', confidence: 0.93, reasons: ['NATURAL_MOTION'], at })
    counter.record({ keyId: 'key_a', action: 'signup', confidence: 0.97, reasons: ['NATURAL_MOTION'], at })
    counter.record({ keyId: 'key_a', action: null, confidence: 0.02, reasons: ['AUTOMATION'], at })
    expect(store.adds).toEqual([])
    expect(await counter.read('key_a', '2026-12-06', '2026-12-06')).toEqual([
      { keyId: 'key_a', action: 'signup', day: '2026-12-06', kind: 'bucket', name: '0.9', count: 2 },
      {
        keyId: 'key_a',
        action: 'signup',
        day: '2026-12-06',
        kind: 'reason',
        name: 'NATURAL_MOTION',
        count: 2,
      },
      { keyId: 'key_a', action: '', day: '2026-12-06', kind: 'bucket', name: '0.0', count: 1 },
      { keyId: 'key_a', action: '', day: '2026-12-06', kind: 'reason', name: 'AUTOMATION', count: 1 },
    ])
    await counter.flush()
    expect(store.adds).toHaveLength(1)
  })
})
