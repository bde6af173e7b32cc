/**
 * The best split of one node, read off its histogram. For every feature and value bin b, the candidate is
 * "bins 0..b go left", tried with the node's NaN rows sent right and then left; a split must leave each
 * side at least `minLeaf` rows and `minHessian` hessian. Gain is the usual second-order one,
 * GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ). Only a strictly larger gain replaces the best so far, so ties go to
 * the lowest feature, then the lowest bin, then NaN right.
 */
import { SLOTS } from './histogram.ts'

export interface Split {
  feature: number
  /** value bins 0..bin go left */
  bin: number
  nanLeft: boolean
  gain: number
}

export interface SplitLimits {
  l2: number
  minLeaf: number
  minHessian: number
}

/** The node's totals: gradient, hessian and rows. */
export interface Totals {
  g: number
  h: number
  rows: number
}

export function bestSplit(
  hist: Float64Array,
  stride: number,
  thresholds: readonly Float64Array[],
  features: readonly number[],
  node: Totals,
  { l2, minLeaf, minHessian }: SplitLimits,
): Split | null {
  const { g, h, rows } = node
  const parent = (g * g) / (h + l2)
  /** The children's combined score, or -Infinity when either side is too small. */
  const score = (gl: number, hl: number, cl: number): number => {
    const gr = g - gl
    const hr = h - hl
    if (cl < minLeaf || rows - cl < minLeaf || hl < minHessian || hr < minHessian) return -Infinity
    return (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2)
  }
  let best: Split | null = null
  let bestScore = parent
  for (const f of features) {
    const valueBins = thresholds[f]!.length
    const base = f * stride * SLOTS
    const nan = base + valueBins * SLOTS
    const gn = hist[nan]!
    const hn = hist[nan + 1]!
    const cn = hist[nan + 2]!
    let gl = 0
    let hl = 0
    let cl = 0
    for (let b = 0; b < valueBins; b++) {
      const at = base + b * SLOTS
      gl += hist[at]!
      hl += hist[at + 1]!
      cl += hist[at + 2]!
      const right = score(gl, hl, cl)
      if (right > bestScore) {
        bestScore = right
        // With no NaN here to learn from, an unseen NaN follows the heavier side.
        best = { feature: f, bin: b, nanLeft: cn === 0 && hl > h - hl, gain: 0 }
      }
      if (cn === 0 || b === valueBins - 1) continue
      const left = score(gl + gn, hl + hn, cl + cn)
      if (left > bestScore) {
        bestScore = left
        best = { feature: f, bin: b, nanLeft: true, gain: 0 }
      }
    }
  }
  if (best) best.gain = bestScore - parent
  return best
}
