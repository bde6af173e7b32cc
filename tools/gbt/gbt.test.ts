import { describe, expect, it } from 'vitest'
import { forestBias, forestContributions, predictForest, type Forest } from '../../server/scoring/forest.ts'
import { createRng } from '../bots/rng.ts'
import { fitLogistic } from '../logistic.ts'
import { fitForest, trainForest, type GbtOptions } from './index.ts'

interface Data {
  rows: number[][]
  labels: number[]
  weights: number[]
}

/**
 * Points in [-1, 1]² labelled (x > 0) xor (y > 0), dealt to the four quadrants in turn so none is
 * crowded by chance (which a line could exploit); `flip` of the labels are wrong on purpose.
 */
function xor(n: number, seed: number, flip: number): Data {
  const rng = createRng(seed)
  const rows = Array.from({ length: n }, (_, i) => [
    (i % 2 ? 1 : -1) * rng.next(),
    ((i >> 1) % 2 ? 1 : -1) * rng.next(),
  ])
  const labels = rows.map(([x, y]) => (x! > 0 !== y! > 0 ? 1 : 0) ^ (rng.next() < flip ? 1 : 0))
  return { rows, labels, weights: labels.map(() => 1) }
}

/** Rows of `width` normal features, a tenth of them NaN, labelled by a noisy rule over the first three. */
function mixed(n: number, width: number, seed: number): Data {
  const rng = createRng(seed)
  const rows = Array.from({ length: n }, () =>
    Array.from({ length: width }, () => (rng.next() < 0.1 ? NaN : rng.normal())),
  )
  const labels = rows.map(([a, b, c]) => (a! * b! + (Number.isNaN(c!) ? 1 : c!) + rng.normal() > 0 ? 1 : 0))
  return { rows, labels, weights: labels.map((_, i) => 1 + (i % 3)) }
}

const accuracy = (predict: (row: number[]) => number, { rows, labels }: Data): number =>
  rows.filter((row, i) => (predict(row) > 0 ? 1 : 0) === labels[i]).length / rows.length

/** Every tree's leaf that a row reaches, as node indices. */
function leavesOf(forest: Forest, row: number[]): number[] {
  return forest.roots.map((root) => {
    let node = root
    while (forest.feature[node]! >= 0) {
      const v = row[forest.feature[node]!]!
      const left = v <= forest.threshold[node]! || (Number.isNaN(v) && forest.nanLeft[node] === 1)
      node = left ? forest.left[node]! : forest.right[node]!
    }
    return node
  })
}

/** Each tree's `feature` entries (a tree's nodes are contiguous, from its root to the next root). */
const nodesOf = (forest: Forest): number[][] =>
  forest.roots.map((root, t) => forest.feature.slice(root, forest.roots[t + 1] ?? forest.feature.length))

/** How many splits the deepest leaf under `node` sits below it. */
const depthOf = (forest: Forest, node: number): number =>
  forest.feature[node]! < 0
    ? 0
    : 1 + Math.max(depthOf(forest, forest.left[node]!), depthOf(forest, forest.right[node]!))

describe('fitForest', () => {
  it('separates an XOR pattern that a logistic regression cannot', () => {
    const train = xor(2000, 1, 0.03)
    const clean = xor(1000, 2, 0)
    const forest = fitForest(train.rows, train.labels, train.weights, { rounds: 100 })
    const linear = fitLogistic(train.rows, train.labels, train.weights)
    const logit = (row: number[]) => linear.bias + row[0]! * linear.weights[0]! + row[1]! * linear.weights[1]!

    expect(accuracy((row) => predictForest(forest, row), clean)).toBeGreaterThan(0.95)
    // The best any line does here is 5/8: call everything 0 but one corner triangle of a 1 quadrant.
    expect(accuracy(logit, clean)).toBeLessThan(0.66)
  })

  it('gives byte-identical JSON on a second run, and another forest from another seed', () => {
    const { rows, labels, weights } = mixed(1500, 6, 3)
    const options = { rounds: 40, featureFraction: 0.5, seed: 7 }
    const first = JSON.stringify(fitForest(rows, labels, weights, options))
    const again = JSON.stringify(fitForest(rows, labels, weights, options))
    const otherSeed = JSON.stringify(fitForest(rows, labels, weights, { ...options, seed: 8 }))

    expect(again).toBe(first)
    expect(otherSeed).not.toBe(first)
  })

  it('starts from the weighted log-odds of the labels', () => {
    const rows = [[0], [1], [2], [3]]
    const forest = fitForest(rows, [1, 1, 0, 0], [3, 1, 1, 1], { rounds: 0 })

    expect(forest.base).toBeCloseTo(Math.log(4 / 2), 5)
  })

  it('leans toward the class whose rows weigh more, where they weigh more', () => {
    // Labels are coin flips everywhere; only the weights of the positives at x > 0.5 differ.
    const rng = createRng(4)
    const rows = Array.from({ length: 3000 }, () => [rng.next()])
    const labels = rows.map(() => (rng.next() < 0.5 ? 1 : 0))
    const even = labels.map(() => 1)
    const heavy = rows.map(([x], i) => (x! > 0.5 && labels[i] === 1 ? 4 : 1))
    const lift = (weights: number[]) => {
      const forest = fitForest(rows, labels, weights, { rounds: 60, minLeaf: 200 })
      return predictForest(forest, [0.75]) - predictForest(forest, [0.25])
    }

    expect(Math.abs(lift(even))).toBeLessThan(0.3)
    expect(lift(heavy)).toBeGreaterThan(1) // log 4 = 1.39 once converged
  })

  it('uses a feature that is NaN for one class and measured for the other', () => {
    const rng = createRng(5)
    const labels = Array.from({ length: 600 }, (_, i) => i % 2)
    const rows = labels.map((y) => [rng.normal(), y === 1 ? NaN : rng.normal()])
    const forest = fitForest(
      rows,
      labels,
      labels.map(() => 1),
      { rounds: 30 },
    )

    expect(predictForest(forest, [0, NaN])).toBeGreaterThan(1)
    expect(predictForest(forest, [0, 0.3])).toBeLessThan(-1)
    expect(predictForest(forest, [0, 1e6])).toBeLessThan(-1) // beyond any training value: still "measured"
  })

  it.each([
    ['large', 2, 0],
    ['small', -3, 1],
  ] as const)('sends NaN with the %s values when they share its class', (_, offset, nanLeft) => {
    // Positives are NaN or in [offset, offset + 1]; negatives in [0, 1]. One split must part them.
    const rng = createRng(6)
    const labels = Array.from({ length: 400 }, (_, i) => i % 2)
    const rows = labels.map((y, i) => [y === 0 ? rng.next() : i % 4 === 1 ? NaN : offset + rng.next()])
    const forest = fitForest(
      rows,
      labels,
      labels.map(() => 1),
      { rounds: 1, maxLeaves: 2, minLeaf: 5 },
    )

    expect(forest.nanLeft[forest.roots[0]!]).toBe(nanLeft)
    expect(predictForest(forest, [NaN])).toBeGreaterThan(0)
    expect(predictForest(forest, [offset + 0.5])).toBeGreaterThan(0)
    expect(predictForest(forest, [0.5])).toBeLessThan(0)
  })

  it('keeps every leaf at minLeaf training rows or more, and every tree at maxLeaves or fewer', () => {
    const { rows, labels, weights } = mixed(2000, 5, 8)
    const forest = fitForest(rows, labels, weights, { rounds: 20, maxLeaves: 12, minLeaf: 60 })
    const rowsPerLeaf = new Map<number, number>()
    for (const row of rows)
      for (const leaf of leavesOf(forest, row)) rowsPerLeaf.set(leaf, (rowsPerLeaf.get(leaf) ?? 0) + 1)
    const leavesPerTree = nodesOf(forest).map((nodes) => nodes.filter((f) => f < 0).length)

    expect(Math.min(...rowsPerLeaf.values())).toBeGreaterThanOrEqual(60)
    expect(rowsPerLeaf.size).toBe(forest.feature.filter((f) => f < 0).length) // no leaf went unreached
    expect(Math.max(...leavesPerTree)).toBe(12)
  })

  it('stops every branch at maxDepth', () => {
    const { rows, labels, weights } = mixed(2000, 5, 11)
    const deepest = (options: Partial<GbtOptions>) => {
      const forest = fitForest(rows, labels, weights, { rounds: 10, minLeaf: 10, ...options })
      return Math.max(...forest.roots.map((root) => depthOf(forest, root)))
    }

    expect(deepest({ maxDepth: 3 })).toBe(3)
    expect(deepest({})).toBeGreaterThan(3)
  })

  it('lets each tree split only on its drawn share of the features', () => {
    const { rows, labels, weights } = mixed(1500, 6, 9)
    const forest = fitForest(rows, labels, weights, { rounds: 30, featureFraction: 0.5 })
    const used = nodesOf(forest).map((nodes) => new Set(nodes.filter((f) => f >= 0)).size)

    expect(Math.max(...used)).toBe(3)
    expect(new Set(forest.feature.filter((f) => f >= 0)).size).toBeGreaterThan(3)
  })

  it('predicts after a JSON round trip what training computed, and explains it feature by feature', () => {
    const { rows, labels, weights } = mixed(2000, 8, 10)
    const { forest, margins } = trainForest(rows, labels, weights, { rounds: 60 })
    const loaded = JSON.parse(JSON.stringify(forest)) as Forest
    const out = new Float64Array(8)
    const bias = forestBias(loaded)

    rows.forEach((row, i) => {
      const trained = margins[i]!
      const predicted = predictForest(loaded, row)
      expect(Math.abs(predicted - trained)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(trained)))
      expect(forestContributions(loaded, row, out)).toBe(predicted)
      expect(bias + out.reduce((a, b) => a + b, 0)).toBeCloseTo(predicted, 9)
    })
    expect(new Set(margins).size).toBeGreaterThan(100) // rows were told apart, not all given the base
  })

  it('refuses an infinite feature value rather than bin it silently', () => {
    expect(() => fitForest([[1], [Infinity]], [0, 1], [1, 1])).toThrow(/use NaN or a finite value/)
  })
})
