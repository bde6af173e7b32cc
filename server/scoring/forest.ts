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

/** Trees a compiled forest walks side by side. */
const LANES = 4

/**
 * `predictForest` for a forest read many times (the scorer's): the same prediction, bit for bit, about twice
 * as fast. A walk down one tree is a chain of dependent loads, each waiting on the last; walking LANES trees
 * in one loop lets the processor overlap their chains. So that a lane whose tree has reached its leaf can
 * keep stepping without a branch, every leaf here is a node whose both children are itself (splitting on
 * input 0 at +Infinity, a comparison whose answer it ignores). A step goes right when `x > threshold`, or
 * for a NaN when the node sends NaN right: exactly the complement of `child`'s left. The leaves' values are
 * added in tree order, as `predictForest` adds them, so the sum is the same.
 */
export function compileForest(forest: Forest): (x: ArrayLike<number>) => number {
  const n = forest.feature.length
  const feature = new Int32Array(n)
  const threshold = new Float64Array(n)
  const nanRight = new Int32Array(n)
  const leaf = new Int32Array(n)
  const children = new Int32Array(2 * n)
  const value = Float64Array.from(forest.value)
  for (let i = 0; i < n; i++) {
    const isLeaf = forest.feature[i]! < 0
    feature[i] = isLeaf ? 0 : forest.feature[i]!
    threshold[i] = isLeaf ? Infinity : forest.threshold[i]!
    nanRight[i] = isLeaf ? 0 : 1 - forest.nanLeft[i]!
    leaf[i] = isLeaf ? 1 : 0
    children[2 * i] = isLeaf ? i : forest.left[i]!
    children[2 * i + 1] = isLeaf ? i : forest.right[i]!
  }
  const roots = Int32Array.from(forest.roots)
  const base = forest.base

  function step(node: number, x: ArrayLike<number>): number {
    const v = x[feature[node]!]!
    return children[2 * node + (Number(v > threshold[node]!) | (Number(v !== v) & nanRight[node]!))]!
  }

  return function predict(x) {
    let sum = base
    let t = 0
    for (; t + LANES <= roots.length; t += LANES) {
      let a = roots[t]!
      let b = roots[t + 1]!
      let c = roots[t + 2]!
      let d = roots[t + 3]!
      while ((leaf[a]! & leaf[b]! & leaf[c]! & leaf[d]!) === 0) {
        a = step(a, x)
        b = step(b, x)
        c = step(c, x)
        d = step(d, x)
      }
      sum += value[a]!
      sum += value[b]!
      sum += value[c]!
      sum += value[d]!
    }
    for (; t < roots.length; t++) {
      let a = roots[t]!
      while (leaf[a] === 0) a = step(a, x)
      sum += value[a]!
    }
    return sum
  }
}
