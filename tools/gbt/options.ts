/** The learner's knobs, their defaults, and the checks that catch a nonsensical setting before a long fit. */

export interface GbtOptions {
  /** boosting rounds: one tree each */
  rounds: number
  /** multiplies every node value (shrinkage) */
  learningRate: number
  /** most leaves a tree grows; the leaf whose best split gains most is split first */
  maxLeaves: number
  /** fewest training rows a leaf may hold, whatever their weights */
  minLeaf: number
  /** smallest sum of hessians (weight * p * (1 - p)) a leaf may hold */
  minHessian: number
  /** deepest a leaf may sit, the root being depth 0; Infinity = limited by maxLeaves only */
  maxDepth: number
  /** L2 penalty on node values: the lambda in -G / (H + lambda) */
  l2: number
  /** value bins per feature, 2 to 255; a feature's NaN bin comes on top */
  bins: number
  /** share of the features each tree may split on, drawn afresh per tree; 1 = every feature */
  featureFraction: number
  /** seeds the feature draw; the same seed draws the same features */
  seed: number
}

export const DEFAULT_OPTIONS: Readonly<GbtOptions> = {
  rounds: 250,
  learningRate: 0.06,
  maxLeaves: 31,
  minLeaf: 40,
  minHessian: 1e-3,
  maxDepth: Infinity,
  l2: 1,
  bins: 64,
  featureFraction: 1,
  seed: 1,
}

/** The defaults overlaid with `options`; throws a RangeError naming the first option out of range. */
export function resolveOptions(options: Partial<GbtOptions>): GbtOptions {
  const o = { ...DEFAULT_OPTIONS, ...options }
  const checks: [keyof GbtOptions, boolean][] = [
    ['rounds', Number.isInteger(o.rounds) && o.rounds >= 0],
    ['learningRate', o.learningRate > 0],
    ['maxLeaves', Number.isInteger(o.maxLeaves) && o.maxLeaves >= 1],
    ['minLeaf', Number.isInteger(o.minLeaf) && o.minLeaf >= 1],
    ['minHessian', o.minHessian >= 0],
    ['maxDepth', o.maxDepth >= 0],
    ['l2', o.l2 >= 0],
    ['bins', Number.isInteger(o.bins) && o.bins >= 2 && o.bins <= 255],
    ['featureFraction', o.featureFraction > 0 && o.featureFraction <= 1],
    ['seed', Number.isInteger(o.seed)],
  ]
  const bad = checks.find(([, ok]) => !ok)
  if (bad) throw new RangeError(`gbt: option ${bad[0]} is out of range (${String(o[bad[0]])})`)
  return o
}
