/**
 * Kinematics on a fixed 20 ms grid (positions interpolated within strokes), so every recorder's rate gives
 * the same derivatives. A hand's speed, acceleration and jerk are continuous and never constant for long:
 * acceleration is small next to speed changes, jerk is proportionate, and the path is smooth but not
 * perfectly so. Programs move at constant speed (acceleration zero), or in saw-tooth steps (jerk large),
 * or along mathematically smooth curves (no residual from a local fit).
 */
import type { FeatureGroup } from '../feature.ts'
import type { Prepared, Stroke } from '../strokes.ts'
import { medianInPlace, rootMedianInPlace } from '../strokes.ts'
import { select } from '../select.ts'

const GRID_MS = 20

/** Per grid point: position, the index where its stroke's grid points begin (so differences never cross
 * strokes), and room for the squared speeds, accelerations, squared jerks and residuals taken from them. */
function buffers(size: number) {
  return {
    gx: new Float64Array(size),
    gy: new Float64Array(size),
    gs: new Int32Array(size),
    work: new Float64Array(size),
    acc: new Float64Array(size),
    jrk: new Float64Array(size),
    res: new Float64Array(size),
  }
}

/** Reused between calls. The loops read them through locals: a module variable is re-read at each use. */
let kept = buffers(256)

function grow(size: number): void {
  if (kept.gx.length < size) kept = buffers(Math.max(size, 2 * kept.gx.length))
}

/**
 * A stroke sampled more sparsely than this many grid points a move (2 s between moves on average) is left
 * off the grid: its derivatives would be straight lines drawn by the interpolation, and a hostile payload
 * of a few moves days apart would otherwise ask for billions of points.
 */
const MAX_POINTS_PER_MOVE = 100

function points(p: Prepared, s: Stroke): number {
  const n = Math.floor((p.t[s.end - 1]! - p.t[s.start]!) / GRID_MS) + 1
  return n > MAX_POINTS_PER_MOVE * (s.end - s.start) ? 0 : n
}

/** Grid points of every stroke into gx/gy, with gs[k] the index of point k's stroke's first point. */
function grid(p: Prepared): number {
  let total = 0
  for (const s of p.strokes) total += points(p, s)
  grow(total)
  const { t: pt, x: px, y: py } = p
  const { gx: xs, gy: ys, gs: starts } = kept
  let k = 0
  for (const s of p.strokes) {
    if (points(p, s) === 0) continue
    const first = k
    const t0 = pt[s.start]!
    const t1 = pt[s.end - 1]!
    let i = s.start
    for (let t = t0; t <= t1; t += GRID_MS) {
      while (i < s.end - 2 && pt[i + 1]! < t) i++
      const span = pt[i + 1]! - pt[i]!
      const u = span > 0 ? Math.min(1, Math.max(0, (t - pt[i]!) / span)) : 0
      xs[k] = px[i]! + u * (px[i + 1]! - px[i]!)
      ys[k] = py[i]! + u * (py[i + 1]! - py[i]!)
      starts[k++] = first
    }
  }
  return k
}

function squared(dx: number, dy: number): number {
  return dx * dx + dy * dy
}

function len(dx: number, dy: number): number {
  return Math.sqrt(squared(dx, dy))
}

export const kinematics: FeatureGroup = {
  modality: 'pointer',
  names: [
    'logSpeed',
    'speedQ90OverMedian',
    'accelOverSpeed',
    'jerkOverAccel',
    'steadyShare',
    'smoothResidual',
  ],
  extract(p) {
    const n = grid(p)
    const none = [NaN, NaN, NaN, NaN, NaN, NaN]
    if (n < 8) return none
    // one pass: speed (first difference), acceleration (second), jerk (third) of moving grid steps, and
    // each point's distance from the midpoint of its neighbours (half the second difference) over their span.
    // Speeds and jerks are kept squared and rooted once selected: the root keeps the order, so the
    // quantiles are the same numbers, for two roots instead of one per point
    let m = 0
    let a = 0
    let j = 0
    let r = 0
    let steady = 0
    let moving = 0
    let ax0 = 0
    let ay0 = 0
    const { gx, gy, gs, work, acc, jrk, res } = kept
    for (let k = 1; k < n; k++) {
      if (gs[k] !== gs[k - 1]) continue
      const vx = gx[k]! - gx[k - 1]!
      const vy = gy[k]! - gy[k - 1]!
      const moved = vx !== 0 || vy !== 0
      if (moved) work[m++] = squared(vx, vy)
      if (k < 2 || gs[k] !== gs[k - 2]) continue
      const ax = vx - (gx[k - 1]! - gx[k - 2]!)
      const ay = vy - (gy[k - 1]! - gy[k - 2]!)
      const mag = len(ax, ay)
      const span = len(gx[k]! - gx[k - 2]!, gy[k]! - gy[k - 2]!)
      if (span >= 2) res[r++] = mag / 2 / span
      if (moved) {
        moving++
        if (mag < 0.05) steady++
        acc[a++] = mag
        if (k >= 3 && gs[k] === gs[k - 3]) jrk[j++] = squared(ax - ax0, ay - ay0)
      }
      ax0 = ax
      ay0 = ay
    }
    if (m < 6) return none
    // the median, then the 90th percentile among the values the selection left above it
    const [at50, at90] = [Math.floor(0.5 * (m - 1)), Math.floor(0.9 * (m - 1))]
    const v50 = Math.sqrt(select(work, m, at50))
    const v90 = Math.sqrt(select(work, m, at90, at50 + 1))
    const jerk = j ? rootMedianInPlace(jrk, j) : NaN
    const residual = r ? medianInPlace(res, r) : NaN
    const accel = a ? medianInPlace(acc, a) : NaN
    return [
      Math.log(v50 / GRID_MS + 0.001),
      v90 / Math.max(v50, 0.01),
      a ? accel / Math.max(v50, 0.01) : NaN,
      a && j ? jerk / Math.max(accel, 0.01) : NaN,
      moving >= 5 ? steady / moving : NaN,
      residual,
    ]
  },
}
