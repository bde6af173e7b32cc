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
}

/** A gap longer than this (or than 3 sampling intervals, on sparse recorders) ends a stroke. */
export const PAUSE_MS = 300

export function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function prepare(signals: Signals): Prepared {
  const moves = signals.moves
  const dts: number[] = []
  for (let i = 1; i < moves.length; i++) dts.push(moves[i]![0] - moves[i - 1]![0])
  const medianDt = median(dts)
  const pause = Math.max(PAUSE_MS, 3 * medianDt)
  const strokes: Stroke[] = []
  let start = 0
  let path = 0
  const close = (end: number) => {
    if (end - start >= 2) {
      const a = moves[start]!
      const b = moves[end - 1]!
      strokes.push({ start, end, path, chord: Math.hypot(b[1] - a[1], b[2] - a[2]), duration: b[0] - a[0] })
    }
  }
  for (let i = 1; i < moves.length; i++) {
    const [t, x, y] = moves[i]!
    const [pt, px, py] = moves[i - 1]!
    if (t - pt > pause) {
      close(i)
      start = i
      path = 0
    } else {
      path += Math.hypot(x - px, y - py)
    }
  }
  close(moves.length)
  return { signals, moves, strokes, medianDt }
}

/** Strokes long enough to have a shape: at least 5 points and 30 px of travel. */
export function shapedStrokes(p: Prepared): Stroke[] {
  return p.strokes.filter((s) => s.end - s.start >= 5 && s.path >= 30)
}
