/**
 * Order statistics of scratch arrays: medians and quantiles by selection (linear on average), not sorting.
 * Any correct selection finds the same value, so the faster paths here answer exactly what sorting would.
 */

/**
 * The k-th smallest of a[0..n) (0-based), reordering that part of `a` so that no value before position k is
 * larger and none after it smaller: quickselect, linear on average. With `from`, a[from..n) alone is
 * searched: right when a[0..from) holds no value larger than any after it (so k >= from), as a selection
 * of position from - 1 leaves it.
 */
export function select(a: Float64Array, n: number, k: number, from = 0): number {
  let lo = from
  let hi = n - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const t = a[i]!
        a[i] = a[j]!
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]!
  }
  return a[k]!
}

/** Whole numbers below this are counted rather than selected: a pointer's and a keyboard's intervals, in ms. */
const COUNTED = 1024
const counts = new Int32Array(COUNTED)
/** counts[dirty..] are all 0: a call clears only the bins the one before it may have filled, not all 1024. */
let dirty = 0

/**
 * The median of a[from..to) (to > from) by counting, when every value is a whole number, +0 or more, and the middle
 * ones are under COUNTED (larger values are only counted as larger); -1 when they are not. One pass and
 * no reordering, where selection takes several: intervals in whole ms are most of the medians taken.
 */
function countedMedian(a: Float64Array, from: number, to: number): number {
  if (!isCounted(a[from]!)) return -1
  const n = to - from
  counts.fill(0, 0, dirty)
  let high = 0
  let over = 0
  for (let i = from; i < to; i++) {
    const v = a[i]!
    const k = v | 0
    if (k === v && k >= 0 && k < COUNTED && (k !== 0 || 1 / v > 0)) {
      counts[k]!++
      if (k > high) high = k
    } else if (v >= COUNTED) over++
    else {
      dirty = high + 1
      return -1
    }
  }
  dirty = high + 1
  const mid = n >> 1
  if (mid >= n - over) return -1
  // the value at sorted position mid: the bin in which the running count passes mid
  let below = 0
  let upper = 0
  while (below + counts[upper]! <= mid) below += counts[upper++]!
  if (n % 2) return upper
  // and the one at mid - 1: the same bin, or the nearest filled one under it
  let lower = upper
  if (below > mid - 1)
    do lower--
    while (counts[lower] === 0)
  return (lower + upper) / 2
}

/** A whole number in [0, COUNTED), and not -0 (which selection would keep apart from +0). */
function isCounted(v: number): boolean {
  return v >= 0 && v < COUNTED && (v | 0) === v && (v !== 0 || 1 / v > 0)
}

/** Median of a[0..n) (0 for none), reordering that part of `a`: for scratch buffers a feature owns. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return 0
  const counted = countedMedian(a, 0, n)
  return counted >= 0 ? counted : selectedMedian(a, n)
}

/**
 * Median of a[from..to) (0 for none), `a` left as it is: counted there, or selected among a copy in
 * `scratch` (at least to - from long). For a column read again after its median, without copying it first.
 */
export function medianOfRange(a: Float64Array, from: number, to: number, scratch: Float64Array): number {
  if (to <= from) return 0
  const counted = countedMedian(a, from, to)
  if (counted >= 0) return counted
  const n = to - from
  for (let i = 0; i < n; i++) scratch[i] = a[from + i]!
  return selectedMedian(scratch, n)
}

/** Median of a[0..n) (n > 0) by selection, reordering that part of `a`. */
function selectedMedian(a: Float64Array, n: number): number {
  const mid = n >> 1
  const upper = select(a, n, mid)
  if (n % 2) return upper
  let lower = -Infinity
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!
  return (lower + upper) / 2
}

/**
 * The median of the square roots of a[0..n) (0 for none), reordering that part of `a`. A square root keeps
 * the order, so this is medianInPlace of the roots, bit for bit, for a root per middle value, not per value.
 */
export function rootMedianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return 0
  const mid = n >> 1
  const upper = Math.sqrt(select(a, n, mid))
  if (n % 2) return upper
  let lower = -Infinity
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!
  return (Math.sqrt(lower) + upper) / 2
}

/** Copies for median(): it is synchronous and calls nothing that could use them meanwhile. */
let medianScratch = new Float64Array(64)

/** Median of a list (0 for an empty one). Does not modify the list. */
export function median(values: ArrayLike<number>): number {
  const n = values.length
  if (medianScratch.length < n) medianScratch = new Float64Array(Math.max(n, 2 * medianScratch.length))
  const a = medianScratch
  for (let i = 0; i < n; i++) a[i] = values[i]!
  return medianInPlace(a, n)
}
