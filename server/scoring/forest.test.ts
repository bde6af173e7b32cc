import { describe, expect, it } from 'vitest'
import { compileForest, forestBias, forestContributions, predictForest, type Forest } from './forest.ts'
import { loadModel } from './model.ts'

/**
 * Two trees, base -0.2.
 *   tree 0: node 0 (value 0.1) x[0] <= 0.5, NaN left
 *             left: leaf 1 (-1)
 *             right: node 2 (value 0.7) x[1] <= 2, NaN right -> leaf 3 (0.25) | leaf 4 (2)
 *   tree 1: leaf 5 (0.5)
 */
const forest: Forest = {
  base: -0.2,
  roots: [0, 5],
  feature: [0, -1, 1, -1, -1, -1],
  threshold: [0.5, 0, 2, 0, 0, 0],
  nanLeft: [1, 0, 0, 0, 0, 0],
  left: [1, -1, 3, -1, -1, -1],
  right: [2, -1, 4, -1, -1, -1],
  value: [0.1, -1, 0.7, 0.25, 2, 0.5],
}

describe('predictForest', () => {
  it('adds one leaf per tree to the base', () => {
    expect(predictForest(forest, [1, 5])).toBeCloseTo(-0.2 + 2 + 0.5, 12)
  })

  it('goes left when the input equals the threshold', () => {
    expect(predictForest(forest, [0.5, 9])).toBeCloseTo(-0.2 - 1 + 0.5, 12)
    expect(predictForest(forest, [1, 2])).toBeCloseTo(-0.2 + 0.25 + 0.5, 12)
  })

  it('sends NaN the way each node learned', () => {
    expect(predictForest(forest, [NaN, -100])).toBeCloseTo(-0.2 - 1 + 0.5, 12)
    expect(predictForest(forest, [1, NaN])).toBeCloseTo(-0.2 + 2 + 0.5, 12)
  })

  it('reads the same forest after a JSON round trip', () => {
    const loaded = JSON.parse(JSON.stringify(forest)) as Forest
    for (const x of [
      [0.2, 0],
      [1, 1],
      [1, 3],
      [NaN, NaN],
    ])
      expect(predictForest(loaded, x)).toBe(predictForest(forest, x))
  })
})

describe('forestContributions', () => {
  it('credits each split on the path with the step it made, measured from the root values', () => {
    const out = new Float64Array([9, 9, 9]) // stale values must not leak into the answer
    const prediction = forestContributions(forest, [1, 1, 7], out)

    expect(prediction).toBe(predictForest(forest, [1, 1, 7]))
    expect(out[0]).toBeCloseTo(0.7 - 0.1, 12)
    expect(out[1]).toBeCloseTo(0.25 - 0.7, 12)
    expect(out[2]).toBe(0)
    expect(forestBias(forest)).toBeCloseTo(-0.2 + 0.1 + 0.5, 12)
    expect(forestBias(forest) + out[0]! + out[1]!).toBeCloseTo(prediction, 12)
  })

  it('gives a one-split path wholly to the feature it split on', () => {
    const out = new Float64Array(2)
    forestContributions(forest, [0, 100], out)

    expect(out[0]).toBeCloseTo(-1 - 0.1, 12)
    expect(out[1]).toBe(0)
  })
})

describe('compileForest', () => {
  it('predicts what predictForest does, bit for bit, on the small forest', () => {
    const predict = compileForest(forest)
    for (const x of [
      [1, 5],
      [0.5, 9],
      [1, 2],
      [NaN, -100],
      [1, NaN],
      [NaN, NaN],
      [-Infinity, Infinity],
    ])
      expect(predict(x)).toBe(predictForest(forest, x))
  })

  it('predicts what predictForest does, bit for bit, on the committed models, NaN inputs included', () => {
    const { pointer, keys } = loadModel().models
    let seed = 1
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 4 - 2
    for (const m of [pointer, keys]) {
      if (m.kind !== 'forest') continue
      const predict = compileForest(m.forest)
      for (let row = 0; row < 300; row++) {
        // every fourth input unmeasured, and some on a threshold exactly
        const x = m.features.map((_, i) =>
          (row + i) % 4 === 0
            ? NaN
            : (row + i) % 7 === 0
              ? m.forest.threshold[(row * 31 + i) % m.forest.threshold.length]!
              : random(),
        )
        expect(predict(x)).toBe(predictForest(m.forest, x))
      }
    }
  })
})
