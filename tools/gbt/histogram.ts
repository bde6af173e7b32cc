/**
 * Gradient histograms: for one node, per feature and bin, the sums of gradient, hessian and row count,
 * stored flat as hist[(f * stride + bin) * 3 + {0: gradient, 1: hessian, 2: rows}]. `stride` is the
 * largest number of bins a feature can have, NaN's included (maxBins + 1).
 */
import type { Binned } from './bins.ts'

export const SLOTS = 3

export interface Gradients {
  grad: Float64Array
  hess: Float64Array
}

/**
 * Sums rows order[start..end) into `hist`, every feature: one pass over the rows, reading each row's
 * gradient once and its codes contiguously. (Features a tree did not draw are summed too: skipping them
 * through a list costs more per update than it saves at any fraction above about a half.)
 */
export function fillHistogram(
  hist: Float64Array,
  stride: number,
  { codes, features }: Binned,
  { grad, hess }: Gradients,
  order: Uint32Array,
  start: number,
  end: number,
): void {
  hist.fill(0)
  for (let k = start; k < end; k++) {
    const i = order[k]!
    const g = grad[i]!
    const h = hess[i]!
    const row = i * features
    for (let f = 0; f < features; f++) {
      const at = (f * stride + codes[row + f]!) * SLOTS
      hist[at]! += g
      hist[at + 1]! += h
      hist[at + 2]! += 1
    }
  }
}

/** parent -= child: what is left is the sibling's histogram, without a pass over its rows. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let j = 0; j < parent.length; j++) parent[j]! -= child[j]!
}
