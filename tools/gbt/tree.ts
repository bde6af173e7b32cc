/**
 * Growing one tree, leaf-wise: of all current leaves, split the one whose best split gains most, until
 * `maxLeaves` or no leaf can split. Rows are kept in `order` so every leaf owns a contiguous range; a split
 * partitions its range stably. Only the smaller child's histogram is summed from rows; the larger one's is
 * the parent's minus it. Nodes are appended to the forest's arrays as they are made.
 */
import type { Forest } from '../../server/scoring/forest.ts'
import type { Binned } from './bins.ts'
import { fillHistogram, SLOTS, subtractHistogram, type Gradients } from './histogram.ts'
import type { GbtOptions } from './options.ts'
import { bestSplit, type Split, type Totals } from './split.ts'

/** Buffers one fit reuses for every tree. */
export interface Workspace extends Gradients {
  binned: Binned
  /** histogram stride: the most bins a feature can have, NaN's included */
  stride: number
  /** row indices; each leaf owns order[start..end) */
  order: Uint32Array
  /** scratch for the stable partition */
  spare: Uint32Array
  /** histograms not in use */
  pool: Float64Array[]
}

interface Leaf extends Totals {
  node: number
  start: number
  end: number
  depth: number
  /** held only while the leaf may still be split */
  hist: Float64Array | null
  split: Split | null
}

/** Node values carry 6 significant digits: what training adds up is exactly what the JSON holds. */
export const round6 = (v: number): number => Number(v.toPrecision(6))

/** Grows one tree on the workspace's gradients, appends it to `forest`, and adds it to `margins`. */
export function growTree(
  ws: Workspace,
  options: GbtOptions,
  features: readonly number[],
  forest: Forest,
  margins: Float64Array,
): void {
  const { order, grad, hess } = ws
  const n = order.length
  let g = 0
  let h = 0
  for (let i = 0; i < n; i++) {
    order[i] = i
    g += grad[i]!
    h += hess[i]!
  }
  const hist = takeHistogram(ws)
  fillHistogram(hist, ws.stride, ws.binned, ws, order, 0, n)
  const root = openLeaf(ws, options, features, forest, { g, h, rows: n, start: 0, end: n, depth: 0 }, hist)
  forest.roots.push(root.node)
  const leaves = [root]
  while (leaves.length < options.maxLeaves) {
    let pick = -1
    leaves.forEach((leaf, k) => {
      if (leaf.split && (pick < 0 || leaf.split.gain > leaves[pick]!.split!.gain)) pick = k
    })
    if (pick < 0) break
    leaves.splice(pick, 1, ...splitLeaf(ws, options, features, forest, leaves[pick]!))
  }
  for (const leaf of leaves) {
    const value = forest.value[leaf.node]!
    for (let k = leaf.start; k < leaf.end; k++) margins[order[k]!]! += value
    if (leaf.hist) ws.pool.push(leaf.hist)
  }
}

/** Appends a leaf node and finds its best split; a leaf that cannot split gives its histogram back. */
function openLeaf(
  ws: Workspace,
  options: GbtOptions,
  features: readonly number[],
  forest: Forest,
  at: Omit<Leaf, 'node' | 'hist' | 'split'>,
  hist: Float64Array,
): Leaf {
  const { learningRate, l2, minLeaf, minHessian, maxDepth } = options
  const node = forest.feature.length
  forest.feature.push(-1)
  forest.threshold.push(0)
  forest.nanLeft.push(0)
  forest.left.push(-1)
  forest.right.push(-1)
  forest.value.push(round6(-(at.g / (at.h + l2)) * learningRate))
  const splittable = at.depth < maxDepth && at.rows >= 2 * minLeaf && at.h >= 2 * minHessian
  const split = splittable ? bestSplit(hist, ws.stride, ws.binned.thresholds, features, at, options) : null
  if (!split) ws.pool.push(hist)
  return { ...at, node, hist: split ? hist : null, split }
}

/** Turns `leaf` into an internal node and returns its two children (left first). */
function splitLeaf(
  ws: Workspace,
  options: GbtOptions,
  features: readonly number[],
  forest: Forest,
  leaf: Leaf,
): [Leaf, Leaf] {
  const { feature, bin, nanLeft } = leaf.split!
  const { order, spare, grad, hess, binned } = ws
  const width = binned.features
  const nanBin = binned.thresholds[feature]!.length
  let l = leaf.start
  let r = 0
  let gl = 0
  let hl = 0
  let gr = 0
  let hr = 0
  for (let k = leaf.start; k < leaf.end; k++) {
    const i = order[k]!
    const code = binned.codes[i * width + feature]!
    if (code === nanBin ? nanLeft : code <= bin) {
      order[l++] = i
      gl += grad[i]!
      hl += hess[i]!
    } else {
      spare[r++] = i
      gr += grad[i]!
      hr += hess[i]!
    }
  }
  order.set(spare.subarray(0, r), l)
  forest.feature[leaf.node] = feature
  forest.threshold[leaf.node] = binned.thresholds[feature]![bin]!
  forest.nanLeft[leaf.node] = nanLeft ? 1 : 0
  forest.left[leaf.node] = forest.feature.length
  forest.right[leaf.node] = forest.feature.length + 1

  const depth = leaf.depth + 1
  const left = { g: gl, h: hl, rows: l - leaf.start, start: leaf.start, end: l, depth }
  const right = { g: gr, h: hr, rows: leaf.end - l, start: l, end: leaf.end, depth }
  const small = left.rows <= right.rows ? left : right
  const smallHist = takeHistogram(ws)
  fillHistogram(smallHist, ws.stride, binned, ws, order, small.start, small.end)
  const bigHist = leaf.hist!
  subtractHistogram(bigHist, smallHist)
  const histOf = (side: typeof left) => (side === small ? smallHist : bigHist)
  return [
    openLeaf(ws, options, features, forest, left, histOf(left)),
    openLeaf(ws, options, features, forest, right, histOf(right)),
  ]
}

function takeHistogram(ws: Workspace): Float64Array {
  return ws.pool.pop() ?? new Float64Array(ws.binned.features * ws.stride * SLOTS)
}
