/**
 * A gradient-boosted tree ensemble held in flat arrays, and the two walks the scorer makes over it: the
 * prediction, and which features moved it. Written by tools/gbt (`fitForest`); plain JSON, so it loads with
 * JSON.parse and needs no bins or trainer code. This file sits on the scoring hot path: it imports nothing,
 * allocates nothing per call, and reads every array by node index.
 *
 * Every tree is a set of nodes. All trees' nodes share the same arrays; `roots[t]` is tree t's first node.
 * At an internal node, a row goes left when `x[feature] <= threshold`, and a NaN goes left when
 * `nanLeft` is 1. A leaf has `feature` -1 (its threshold, nanLeft, left and right are unused).
 */
export interface Forest {
  /** log-odds every prediction starts from: the training labels' weighted log-odds */
  base: number
  /** each tree's first node, in training order */
  roots: number[]
  /** per node: the input it splits on, or -1 for a leaf */
  feature: number[]
  /** per node: go left when x[feature] <= threshold (Number.MAX_VALUE: every measured value goes left) */
  threshold: number[]
  /** per node: 1 when a NaN input goes left, 0 when it goes right */
  nanLeft: (0 | 1)[]
  /** per node: the children's node indices (-1 at a leaf) */
  left: number[]
  right: number[]
  /**
   * per node, in log-odds: a leaf's output; an internal node's Newton step over the training rows that
   * reached it. Both are already multiplied by the learning rate. Only leaves add to a prediction; the
   * internal values are what contributions are measured against.
   */
  value: number[]
}

/** The child of internal node `node` that `x` goes to. */
function child(forest: Forest, node: number, x: ArrayLike<number>): number {
  const v = x[forest.feature[node]!]!
  const goLeft = v <= forest.threshold[node]! || (v !== v && forest.nanLeft[node] === 1)
  return goLeft ? forest.left[node]! : forest.right[node]!
}

/** The raw log-odds for input row `x` (same feature order as training): base plus one leaf per tree. */
export function predictForest(forest: Forest, x: ArrayLike<number>): number {
  const { roots, feature, value } = forest
  let sum = forest.base
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t]!
    while (feature[node]! >= 0) node = child(forest, node, x)
    sum += value[node]!
  }
  return sum
}

/**
 * The part of the prediction no input can move: base plus every tree's root value. A constant of the
 * forest; `forestContributions` measures each input against it.
 */
export function forestBias(forest: Forest): number {
  let bias = forest.base
  for (const root of forest.roots) bias += forest.value[root]!
  return bias
}

/**
 * Path attribution (Saabas): walking each tree, every split credits its input with how far the value moved,
 * `out[feature] += value[child] - value[node]`. A tree's leaf is its root value plus those steps, so
 *
 *   prediction = forestBias(forest) + sum(out)      (to float rounding)
 *
 * `out` is zeroed first and needs a slot for every input the forest splits on. Returns the prediction,
 * the same number `predictForest` gives. Allocation-free.
 */
export function forestContributions(forest: Forest, x: ArrayLike<number>, out: Float64Array): number {
  const { roots, feature, value } = forest
  out.fill(0)
  let sum = forest.base
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t]!
    while (feature[node]! >= 0) {
      const next = child(forest, node, x)
      out[feature[node]!]! += value[next]! - value[node]!
      node = next
    }
    sum += value[node]!
  }
  return sum
}
