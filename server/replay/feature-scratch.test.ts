import { describe, expect, it } from 'vitest'
import { addFeature, clearFeatures, foundFeatures } from './feature-scratch.ts'

describe('feature scratch', () => {
  it('keeps each feature once, in the order first added, past its first size and across payloads', () => {
    for (const count of [3000, 20]) {
      clearFeatures()
      const added: number[] = []
      for (let i = 0; i < count; i++) {
        const feature = (1 << 28) | ((i * 7919) % (count / 2))
        added.push(feature)
        addFeature(feature)
      }
      expect([...foundFeatures()]).toEqual([...new Set(added)])
    }
  })
})
