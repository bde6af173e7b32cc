/**
 * Recorders differ in how often they sample a moving pointer (a browser at the display rate, a desktop
 * logger at every OS event, a remote desktop at 10 Hz) and in their timestamps' precision. Left in, those
 * differences tell a model *which recorder* made a trace rather than *who*. So the pointer features read a
 * normalised stream: whole ms and px (the snippet's own format) and, of the moves in each 16 ms frame, only
 * the last, as a 60 Hz display would have shown them. Hard evidence (automation.ts) still reads every move.
 */
import type { Arena, Prepared } from './strokes.ts'
import { columns, fillStep, prepared } from './strokes.ts'

/** One frame of a 60 Hz display, rounded down to whole ms. */
export const FRAME_MS = 16

/** 1 / FRAME_MS, a power of two: multiplying by it is dividing by FRAME_MS exactly, at a fraction of the cost. */
const PER_FRAME = 1 / FRAME_MS

function frame(t: number): number {
  return (t * PER_FRAME) | 0
}

/**
 * `p` with only the last move of each FRAME_MS frame, in order: `p` itself when no frame holds two. Built
 * from p's arrays (in `arena`, when given): a step between two moves that were neighbours in `p` is copied
 * from it, the others are computed as prepare() computes them, so the result is prepare() of those moves.
 */
export function framesOf(p: Prepared, arena?: Arena): Prepared {
  const { t, x, y } = p
  const n = p.n
  let kept = n
  for (let i = 1, before = frame(t[0]!); i < n; i++) {
    const f = frame(t[i]!)
    if (f === before) kept--
    before = f
  }
  if (kept === n) return p
  const c = columns(kept, arena)
  const { t: ft, x: fx, y: fy, dt, dx, dy, step, speed, dir } = c
  let j = 0
  let last = -1 // the move of p kept last
  for (let i = 0, f = frame(t[0]!); i < n; i++) {
    // move i is kept when the next is in another frame (or there is none)
    const next = i < n - 1 ? frame(t[i + 1]!) : f + 1
    const sameFrame = next === f
    f = next
    if (sameFrame) continue
    ft[j] = t[i]!
    fx[j] = x[i]!
    fy[j] = y[i]!
    if (j > 0 && last === i - 1) {
      dt[j] = p.dt[i]!
      dx[j] = p.dx[i]!
      dy[j] = p.dy[i]!
      step[j] = p.step[i]!
      speed[j] = p.speed[i]!
      dir[j] = p.dir[i]!
    } else if (j > 0) fillStep(c, j)
    last = i
    j++
  }
  return prepared(p.signals, c, kept)
}
