/**
 * The boosting loop: logistic loss, one tree per round fitted to the current gradients, starting from the
 * labels' weighted log-odds.
 */
import type { Forest } from '../../server/scoring/forest.ts'
import { createRng, type Rng } from '../bots/rng.ts'
import { binRows } from './bins.ts'
import { resolveOptions, type GbtOptions } from './options.ts'
import { growTree, round6, type Workspace } from './tree.ts'

export interface Training {
  forest: Forest
  /** the forest's raw log-odds on each training row, as training added them up */
  margins: Float64Array
}

/** Fits a forest; see index.ts for the algorithm. Labels are 0 or 1, weights finite and >= 0. */
export function fitForest(
  rows: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: Partial<GbtOptions> = {},
): Forest {
  return trainForest(rows, labels, weights, options).forest
}

/** fitForest, also returning the training rows' log-odds (to check inference against training). */
export function trainForest(
  rows: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: Partial<GbtOptions> = {},
): Training {
  const o = resolveOptions(options)
  const n = rows.length
  if (labels.length !== n || weights.length !== n)
    throw new RangeError('gbt: rows, labels and weights differ in length')
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1)
      throw new RangeError(`gbt: label ${i} is ${labels[i]}, not 0 or 1`)
    if (!(weights[i]! >= 0 && weights[i]! < Infinity))
      throw new RangeError(`gbt: weight ${i} is ${weights[i]}`)
  }
  const binned = binRows(rows, o.bins)
  const base = baseScore(labels, weights)
  const forest: Forest = {
    base,
    roots: [],
    feature: [],
    threshold: [],
    nanLeft: [],
    left: [],
    right: [],
    value: [],
  }
  const margins = new Float64Array(n).fill(base)
  const ws: Workspace = {
    binned,
    stride: o.bins + 1,
    grad: new Float64Array(n),
    hess: new Float64Array(n),
    order: new Uint32Array(n),
    spare: new Uint32Array(n),
    pool: [],
  }
  const rng = createRng(o.seed)
  for (let round = 0; round < o.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margins[i]!))
      ws.grad[i] = weights[i]! * (p - labels[i]!)
      ws.hess[i] = weights[i]! * p * (1 - p)
    }
    growTree(ws, o, drawFeatures(rng, binned.features, o.featureFraction), forest, margins)
  }
  return { forest, margins }
}

/** log(sum of weights of 1s / sum of weights of 0s), held within ±13.8 (a rate of 1e-6) if a class is absent. */
function baseScore(labels: ArrayLike<number>, weights: ArrayLike<number>): number {
  let ones = 0
  let total = 0
  for (let i = 0; i < labels.length; i++) {
    ones += weights[i]! * labels[i]!
    total += weights[i]!
  }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, total > 0 ? ones / total : 0.5))
  return round6(Math.log(rate / (1 - rate)))
}

/** The features one tree may use, ascending: all of them, or round(fraction * width) drawn without replacement. */
function drawFeatures(rng: Rng, width: number, fraction: number): number[] {
  const all = Array.from({ length: width }, (_, f) => f)
  if (fraction >= 1) return all
  const k = Math.max(1, Math.round(width * fraction))
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (width - i))
    ;[all[i], all[j]] = [all[j]!, all[i]!]
  }
  return all.slice(0, k).sort((a, b) => a - b)
}
