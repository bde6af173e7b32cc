/**
 * Pointer moves cut into strokes: runs of movement without a pause. Every pointer feature reads these, so
 * they are computed once per score call.
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
  /** median time between consecutive moves, ms (0 when fewer than two moves) */
  medianDt: number
  /** step[i]: distance from move i - 1 to move i, px; speed[i]: that over max(dt, 1), px/ms (index 0 unused) */
  step: Float64Array
  speed: Float64Array
}

/** A gap longer than this (or than 3 sampling intervals, on sparse recorders) ends a stroke. */
export const PAUSE_MS = 300

/** The k-th smallest value (0-based) of `a`, reordering `a` in place: quickselect, linear on average. */
function select(a: Float64Array, k: number): number {
  let lo = 0
  let hi = a.length - 1
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
export function dist(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy)
}

/** Median of a list (0 for an empty one). Does not modify the list. */
export function median(values: ArrayLike<number>): number {
  const n = values.length
  if (n === 0) return 0
  const a = Float64Array.from(values)
  const mid = n >> 1
  const upper = select(a, mid)
  if (n % 2) return upper
  let lower = -Infinity
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!
  return (lower + upper) / 2
}

export function prepare(signals: Signals): Prepared {
  const moves = signals.moves
  const n = moves.length
  const dts = new Float64Array(Math.max(0, n - 1))
  const step = new Float64Array(n)
  const speed = new Float64Array(n)
  for (let i = 1; i < n; i++) {
    const a = moves[i - 1]!
    const b = moves[i]!
    const dt = b[0] - a[0]
    dts[i - 1] = dt
    step[i] = dist(b[1] - a[1], b[2] - a[2])
    speed[i] = step[i]! / Math.max(dt, 1)
  }
  const medianDt = median(dts)
  const pause = Math.max(PAUSE_MS, 3 * medianDt)
  const strokes: Stroke[] = []
  let start = 0
  let path = 0
  const close = (end: number) => {
    if (end - start >= 2) {
      const a = moves[start]!
      const b = moves[end - 1]!
      strokes.push({ start, end, path, chord: dist(b[1] - a[1], b[2] - a[2]), duration: b[0] - a[0] })
    }
  }
  for (let i = 1; i < moves.length; i++) {
    if (dts[i - 1]! > pause) {
      close(i)
      start = i
      path = 0
    } else {
      path += step[i]!
    }
  }
  close(moves.length)
  return { signals, moves, strokes, medianDt, step, speed }
}

/** Strokes long enough to have a shape: at least 5 points and 30 px of travel. */
export function shapedStrokes(p: Prepared): Stroke[] {
  return p.strokes.filter((s) => s.end - s.start >= 5 && s.path >= 30)
}
