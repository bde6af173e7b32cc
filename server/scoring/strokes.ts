/**
 * Pointer moves as per-step arrays, cut into strokes: runs of movement without a pause. Every pointer
 * feature reads these, so they are computed once per score call.
 */
import type { MoveSample, Signals } from '../../shared/signals.ts'

export interface Stroke {
  /** index range into `moves`, inclusive start, exclusive end */
  start: number
  end: number
  /** summed step lengths, px */
  path: number
  /** straight distance from first to last point, px */
  chord: number
  /** ms from first to last point */
  duration: number
}

export interface Prepared {
  signals: Signals
  moves: MoveSample[]
  strokes: Stroke[]
  /** the presses come mostly from a finger or a pen (a touch screen or tablet) */
  touch: boolean
  /** median time between consecutive moves, ms (0 when fewer than two moves) */
  medianDt: number
  /** per move i: time (ms) and position (px) of `moves[i]` */
  t: Float64Array
  x: Float64Array
  y: Float64Array
  /** per step i, from move i - 1 to move i (index 0 unused, 0): time taken, ms, and displacement, px */
  dt: Float64Array
  dx: Float64Array
  dy: Float64Array
  /** length of step i, px, and that over max(dt, 1), px/ms */
  step: Float64Array
  speed: Float64Array
  /** direction of step i, radians in [-pi, pi]: atan2(dy, dx) (0 for a step of no length) */
  dir: Float64Array
  /**
   * 2 × moves.length values a feature may use for its temporaries and overwrite: nothing in it survives
   * from one feature to the next.
   */
  scratch: Float64Array
}

/** A gap longer than this (or than 3 sampling intervals, on sparse recorders) ends a stroke. */
export const PAUSE_MS = 300

/** The k-th smallest of a[0..n) (0-based), reordering that part of `a`: quickselect, linear on average. */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0
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

/** Length of (dx, dy). Math.hypot guards against overflow these small values never reach, at 4x the cost. */
/** Moves start..end - 1 (two or more) as a stroke whose path length is `path`. */
export function strokeOf(
  t: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  start: number,
  end: number,
  path: number,
): Stroke {
  const last = end - 1
  const chord = dist(x[last]! - x[start]!, y[last]! - y[start]!)
  return { start, end, path, chord, duration: t[last]! - t[start]! }
}

export function dist(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy)
}

/**
 * atan2(y, x) to within 2e-5 rad (Abramowitz & Stegun 4.4.49 for atan on [0, 1]), cheaper than Math.atan2:
 * prepare() takes one per step, and no feature needs directions finer than a hundredth of a radian.
 */
export function atan2(y: number, x: number): number {
  const ax = Math.abs(x)
  const ay = Math.abs(y)
  const hi = ax > ay ? ax : ay
  if (hi === 0) return 0
  const a = (ax > ay ? ay : ax) / hi
  const s = a * a
  let r = a * (0.999866 + s * (-0.3302995 + s * (0.180141 + s * (-0.085133 + s * 0.0208351))))
  if (ay > ax) r = Math.PI / 2 - r
  if (x < 0) r = Math.PI - r
  return y < 0 ? -r : r
}

/** |angle| between two directions in [-pi, pi], radians in [0, pi]. */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs(b - a)
  return d > Math.PI ? 2 * Math.PI - d : d
}

/** Quantile q (0..1, the lower of two middles) of a[0..n), reordering that part of `a`; 0 for none. */
export function quantileInPlace(a: Float64Array, n: number, q: number): number {
  return n === 0 ? 0 : select(a, n, Math.floor(q * (n - 1)))
}

/** Median of a[0..n) (0 for none), reordering that part of `a`: for scratch buffers a feature owns. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return 0
  const mid = n >> 1
  const upper = select(a, n, mid)
  if (n % 2) return upper
  let lower = -Infinity
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!
  return (lower + upper) / 2
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

/** Per-move values prepare() lays out: 9 arrays, its own scratch, and the features' scratch. */
const COLUMNS = 12

/**
 * Memory for prepare(), kept between calls so a scorer does not allocate (and collect) its arrays on every
 * call. A Prepared made in an arena is valid until the arena's next prepare().
 */
export class Arena {
  private buffer = new Float64Array(0)

  take(size: number): Float64Array {
    if (this.buffer.length < size) this.buffer = new Float64Array(Math.max(size, 2 * this.buffer.length))
    return this.buffer
  }
}

export function prepare(signals: Signals, arena?: Arena): Prepared {
  const moves = signals.moves
  const n = moves.length
  // one allocation (or none, in an arena) for every per-move array
  const buffer = arena ? arena.take(COLUMNS * n) : new Float64Array(COLUMNS * n)
  const t = buffer.subarray(0, n)
  const x = buffer.subarray(n, 2 * n)
  const y = buffer.subarray(2 * n, 3 * n)
  const dt = buffer.subarray(3 * n, 4 * n)
  const dx = buffer.subarray(4 * n, 5 * n)
  const dy = buffer.subarray(5 * n, 6 * n)
  const step = buffer.subarray(6 * n, 7 * n)
  const speed = buffer.subarray(7 * n, 8 * n)
  const dir = buffer.subarray(8 * n, 9 * n)
  const dts = buffer.subarray(9 * n, 10 * n) // scratch: reordered by the median
  const scratch = buffer.subarray(10 * n, 12 * n)
  if (n > 0) {
    const [t0, x0, y0] = moves[0]!
    t[0] = t0
    x[0] = x0
    y[0] = y0
    dt[0] = dx[0] = dy[0] = step[0] = speed[0] = dir[0] = 0
  }
  for (let i = 1; i < n; i++) {
    const m = moves[i]!
    const ti = m[0]
    const xi = m[1]
    const yi = m[2]
    const ddt = ti - t[i - 1]!
    const ddx = xi - x[i - 1]!
    const ddy = yi - y[i - 1]!
    const len = dist(ddx, ddy)
    t[i] = ti
    x[i] = xi
    y[i] = yi
    dt[i] = ddt
    dts[i - 1] = ddt
    dx[i] = ddx
    dy[i] = ddy
    step[i] = len
    speed[i] = len / Math.max(ddt, 1)
    dir[i] = len > 0 ? atan2(ddy, ddx) : 0
  }
  const medianDt = medianInPlace(dts, Math.max(0, n - 1))
  const pause = Math.max(PAUSE_MS, 3 * medianDt)
  const strokes: Stroke[] = []
  let start = 0
  let path = 0
  for (let i = 1; i <= n; i++) {
    if (i < n && !(dt[i]! > pause)) {
      path += step[i]!
      continue
    }
    // a pause before move i, or the end: the stroke is moves start..i-1
    if (i - start >= 2) strokes.push(strokeOf(t, x, y, start, i, path))
    start = i
    path = 0
  }
  return {
    signals,
    moves,
    strokes,
    touch: isTouch(signals),
    medianDt,
    t,
    x,
    y,
    dt,
    dx,
    dy,
    step,
    speed,
    dir,
    scratch,
  }
}

function isTouch(signals: Signals): boolean {
  let touch = 0
  for (const b of signals.buttons) if (b[4] !== 'mouse') touch++
  return touch > 0 && touch >= signals.buttons.length / 2
}

/** Strokes long enough to have a shape: at least 5 points and 30 px of travel. */
export function shapedStrokes(p: Prepared): Stroke[] {
  return p.strokes.filter((s) => s.end - s.start >= 5 && s.path >= 30)
}
