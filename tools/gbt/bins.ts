/**
 * Quantile binning, done once before boosting: every feature value becomes a small bin code, so a split
 * search reads bytes and sums histograms instead of sorting floats.
 *
 * Bin edges come from the *unweighted* training values (weights shape the loss, not where the resolution
 * goes). A feature with at most `maxBins` distinct values gets one bin per value; otherwise the edges sit at
 * its quantiles. Each edge is stored as the threshold inference will use: the shortest decimal strictly
 * between the last value of a bin and the first of the next, so `x <= threshold` sends every training
 * value exactly where its bin went, and the JSON stays short.
 */

export interface Binned {
  rows: number
  features: number
  /** column-major: codes[f * rows + i] is row i's bin on feature f; NaN's bin is thresholds[f].length */
  codes: Uint8Array
  /**
   * per feature, per value bin: values <= thresholds[f][b] fall in bin b or lower. The last value bin's
   * threshold is Number.MAX_VALUE, so a split there parts every value from NaN.
   */
  thresholds: Float64Array[]
}

/** Bins `rows` (one array per sample, same length). Values must be finite or NaN. */
export function binRows(rows: readonly ArrayLike<number>[], maxBins: number): Binned {
  const n = rows.length
  const width = rows[0]?.length ?? 0
  const codes = new Uint8Array(n * width)
  const thresholds: Float64Array[] = []
  const column = new Float64Array(n)
  for (let f = 0; f < width; f++) {
    let m = 0
    for (let i = 0; i < n; i++) {
      const row = rows[i]!
      if (row.length !== width) throw new RangeError(`gbt: row ${i} has ${row.length} features, not ${width}`)
      const v = row[f]!
      if (v !== v) continue
      if (!Number.isFinite(v))
        throw new RangeError(`gbt: row ${i} feature ${f} is ${v}; use NaN or a finite value`)
      column[m++] = v
    }
    const edges = thresholdsOf(column.slice(0, m).sort(), maxBins)
    thresholds.push(edges)
    for (let i = 0; i < n; i++) codes[f * n + i] = binOf(rows[i]![f]!, edges)
  }
  return { rows: n, features: width, codes, thresholds }
}

/** The bin of `v`: the first whose threshold it does not exceed; NaN's bin follows the value bins. */
export function binOf(v: number, thresholds: Float64Array): number {
  if (v !== v) return thresholds.length
  let lo = 0
  let hi = thresholds.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (v <= thresholds[mid]!) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Go-left thresholds for the sorted finite values of one feature (empty when it has none). */
function thresholdsOf(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length
  if (n === 0) return new Float64Array(0)
  const distinct = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1])
  const uppers: number[] = []
  if (distinct.length <= maxBins) uppers.push(...distinct.subarray(0, -1))
  else {
    const max = sorted[n - 1]!
    for (let q = 1; q < maxBins; q++) {
      const v = sorted[Math.ceil((q * n) / maxBins) - 1]!
      if (v < max && (uppers.length === 0 || v > uppers[uppers.length - 1]!)) uppers.push(v)
    }
  }
  const edges = new Float64Array(uppers.length + 1)
  uppers.forEach((u, b) => (edges[b] = shortestBetween(u, distinct[firstAbove(distinct, u)]!)))
  edges[uppers.length] = Number.MAX_VALUE
  return edges
}

/** Index of the first element of ascending `values` greater than `v` (v is below the last element). */
function firstAbove(values: Float64Array, v: number): number {
  let lo = 0
  let hi = values.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (values[mid]! > v) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The shortest decimal strictly between lo and hi, nearest their midpoint; lo if no double lies between. */
export function shortestBetween(lo: number, hi: number): number {
  const mid = lo / 2 + hi / 2
  for (let digits = 1; digits <= 17; digits++) {
    const t = Number(mid.toPrecision(digits))
    if (t > lo && t < hi) return t
  }
  return lo
}
