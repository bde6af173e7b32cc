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

/** Sums rows order[start..end) into `hist` for the listed features (their slots are cleared first). */
export function fillHistogram(
  hist: Float64Array,
  stride: number,
  binned: Binned,
  { grad, hess }: Gradients,
  order: Uint32Array,
  start: number,
  end: number,
  features: readonly number[],
): void {
  const { codes, rows } = binned
  for (const f of features) {
    const base = f * stride * SLOTS
    hist.fill(0, base, base + stride * SLOTS)
    const column = f * rows
    for (let k = start; k < end; k++) {
      const i = order[k]!
      const at = base + codes[column + i]! * SLOTS
      hist[at]! += grad[i]!
      hist[at + 1]! += hess[i]!
      hist[at + 2]! += 1
    }
  }
}

/** parent -= child for the listed features: what is left is the sibling's histogram (no pass over rows). */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  stride: number,
  features: readonly number[],
): void {
  for (const f of features) {
    const end = (f + 1) * stride * SLOTS
    for (let j = f * stride * SLOTS; j < end; j++) parent[j]! -= child[j]!
  }
}
