/**
 * Pointer moves as per-step arrays, cut into strokes: runs of movement without a pause. Every pointer
 * feature reads these, so they are computed once per score call.
 */
import type { Signals } from '../../shared/signals.ts'
import { medianOfRange } from './select.ts'

export { median, medianInPlace, rootMedianInPlace } from './select.ts'

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
  /** the session as decoded; its moves as t, x, y hold them (normalise.ts: maybe only the last of each frame) */
  signals: Signals
  /** how many moves: the arrays below hold this many values (in an arena they may be longer, see Arena) */
  n: number
  strokes: Stroke[]
  /** the presses come mostly from a finger or a pen (a touch screen or tablet) */
  touch: boolean
  /** median time between consecutive moves, ms (0 when fewer than two moves) */
  medianDt: number
  /** per move i < n: time (ms) and position (px) */
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
   * 2 × n values a feature may use for its temporaries and overwrite: nothing in it survives
   * from one feature to the next.
   */
  scratch: Float64Array
}

/** A gap longer than this (or than 3 sampling intervals, on sparse recorders) ends a stroke. */
export const PAUSE_MS = 300

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

/** Length of (dx, dy). Math.hypot guards against overflow these small values never reach, at 4x the cost. */
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

/**
 * Prepared's per-move arrays, each at least n long (only the first n values are this session's), and a
 * scratch for the median interval.
 */
export type Columns = Pick<
  Prepared,
  't' | 'x' | 'y' | 'dt' | 'dx' | 'dy' | 'step' | 'speed' | 'dir' | 'scratch'
> & {
  dts: Float64Array
}

function newColumns(size: number): Columns {
  const column = () => new Float64Array(size)
  return {
    t: column(),
    x: column(),
    y: column(),
    dt: column(),
    dx: column(),
    dy: column(),
    step: column(),
    speed: column(),
    dir: column(),
    dts: column(),
    scratch: new Float64Array(2 * size),
  }
}

/**
 * Memory for prepare(), kept between calls so a scorer does not allocate (and collect) its arrays on every
 * call. A Prepared made in an arena is valid until the arena's next prepare(). Whole arrays rather than views
 * of one buffer: making a dozen views on every call cost more than the loops that fill them.
 */
export class Arena {
  private kept = newColumns(0)

  take(n: number): Columns {
    if (this.kept.t.length < n) this.kept = newColumns(Math.max(n, 2 * this.kept.t.length))
    return this.kept
  }
}

/** Columns for n moves: the arena's, or new ones. */
export function columns(n: number, arena?: Arena): Columns {
  return arena ? arena.take(n) : newColumns(n)
}

/** Fills step i of `c` (i >= 1) from the positions and times of moves i - 1 and i. */
export function fillStep(c: Columns, i: number): void {
  const ddt = c.t[i]! - c.t[i - 1]!
  const ddx = c.x[i]! - c.x[i - 1]!
  const ddy = c.y[i]! - c.y[i - 1]!
  const len = dist(ddx, ddy)
  c.dt[i] = ddt
  c.dx[i] = ddx
  c.dy[i] = ddy
  c.step[i] = len
  c.speed[i] = len / Math.max(ddt, 1)
  c.dir[i] = len > 0 ? atan2(ddy, ddx) : 0
}

export function prepare(signals: Signals, arena?: Arena): Prepared {
  const moves = signals.moves
  const n = moves.length
  const c = columns(n, arena)
  for (let i = 0; i < n; i++) {
    const m = moves[i]!
    c.t[i] = m[0]
    c.x[i] = m[1]
    c.y[i] = m[2]
    if (i > 0) fillStep(c, i)
  }
  return prepared(signals, c, n)
}

/** The Prepared of `signals` whose n moves `c` holds, every step filled: its median interval and strokes. */
export function prepared(signals: Signals, c: Columns, n: number): Prepared {
  const { t, x, y, dt, step, dts } = c
  if (n > 0) c.dt[0] = c.dx[0] = c.dy[0] = c.step[0] = c.speed[0] = c.dir[0] = 0
  const medianDt = medianOfRange(dt, 1, n, dts)
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
  const { dx, dy, speed, dir, scratch } = c
  return {
    signals,
    n,
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
