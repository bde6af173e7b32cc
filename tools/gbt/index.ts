/**
 * A small, deterministic histogram gradient-boosted tree learner for the scorer's per-window features
 * (floats, NaN = "not measurable on this window"). Its output is a `Forest` (server/scoring/forest.ts):
 * flat JSON arrays that the server walks with `predictForest` and `forestContributions`.
 *
 * The algorithm
 * - Loss: logistic. Labels are 1 or 0; each row's weight multiplies its gradient `p - y` and hessian
 *   `p (1 - p)`. The forest starts at the labels' weighted log-odds (`base`) and adds one tree per round.
 * - Bins (bins.ts): each feature is cut once, before boosting, into at most `bins` value bins at the
 *   quantiles of its unweighted training values (one bin per value when it has that few), plus one bin
 *   for NaN. Codes are bytes, one row after another. Each cut is kept as a real threshold, the shortest
 *   decimal strictly between the values either side of it, so inference needs no bins.
 * - Splits (split.ts): each node sums gradient, hessian and rows per feature and bin; every
 *   "bins 0..b go left" is tried with the NaN rows sent right and sent left, and the better kept (the
 *   learned default direction). Gain GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ); a side needs `minLeaf` rows and
 *   `minHessian` hessian. A feature's last value bin splits all values from NaN.
 * - Trees (tree.ts): leaf-wise: the leaf whose best split gains most is split next, up to `maxLeaves`
 *   (and `maxDepth`). The smaller child's histogram is summed from its rows, the larger's is the parent's
 *   minus it. Every node's value is its Newton step −G/(H+λ) times `learningRate`, rounded to 6
 *   significant digits; leaves add theirs to the prediction, internal ones serve attribution.
 * - Column subsampling: with `featureFraction` < 1 each tree may split on round(fraction × features)
 *   features, drawn with a PRNG seeded by `seed`.
 *
 * Determinism: no Math.random, no clock, fixed iteration order. Ties between splits go to the lowest
 * feature, then the lowest bin, then NaN right; ties between leaves to the leftmost. The same
 * inputs and options give byte-identical `JSON.stringify(forest)`.
 *
 * Exactness: node values and base are rounded before training adds them up, and every threshold sends each
 * training value the way its bin went, so `predictForest` on a training row after a JSON round-trip equals
 * what training computed (`trainForest(...).margins`), not merely approximately.
 *
 * Options (options.ts), defaults in brackets: rounds [250], learningRate [0.06], maxLeaves [31],
 * minLeaf [40 rows], minHessian [1e-3], maxDepth [Infinity], l2 [1], bins [64, at most 255],
 * featureFraction [1 = off], seed [1]. Values must be finite or NaN; a bad input throws a RangeError.
 */
export { fitForest, trainForest, type Training } from './boost.ts'
export { DEFAULT_OPTIONS, type GbtOptions } from './options.ts'
export type { Forest } from '../../server/scoring/forest.ts'
