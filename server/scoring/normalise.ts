/**
 * Recorders differ in how often they sample a moving pointer (a browser at the display rate, a desktop
 * logger at every OS event, a remote desktop at 10 Hz) and in their timestamps' precision. Left in, those
 * differences tell a model *which recorder* made a trace rather than *who*. So the pointer features read a
 * normalised stream: whole ms and px (the snippet's own format) and, of the moves in each 16 ms frame, only
 * the last, as a 60 Hz display would have shown them. Hard evidence (automation.ts) still reads every move.
 */
import type { Arena, Columns, Prepared } from './strokes.ts'
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
  const { t } = p
  const n = p.n
  let kept = n
  for (let i = 1, before = frame(t[0]!); i < n; i++) {
    const f = frame(t[i]!)
    if (f === before) kept--
    before = f
  }
  if (kept === n) return p
  const c = columns(kept, arena)
  // runs of kept moves that were neighbours in p: from a browser (a move a frame) nearly every move is kept,
  // so the runs are long and copied whole
  let j = 0
  let run = -1 // the first move of p in the current run, or -1 outside one
  for (let i = 0, f = frame(t[0]!); i <= n; i++) {
    // move i is kept when the next is in another frame (or there is none)
    let keep = false
    if (i < n) {
      const next = i < n - 1 ? frame(t[i + 1]!) : f + 1
      keep = next !== f
      f = next
    }
    if (keep && run < 0) run = i
    else if (!keep && run >= 0) {
      copyRun(p, c, run, i, j)
      j += i - run
      run = -1
    }
  }
  return prepared(p.signals, c, kept)
}

/** Runs shorter than this are copied value by value: a typed array's `set` costs a view of each column. */
const SHORT_RUN = 16

/**
 * Moves from..to - 1 of `p`, neighbours all kept, into `c` from index j. The run's first step is computed
 * (its move's neighbour in p was left out, or it is the first move), the others are p's.
 */
function copyRun(p: Prepared, c: Columns, from: number, to: number, j: number): void {
  const length = to - from
  if (length < SHORT_RUN) {
    for (let k = 0; k < length; k++) {
      const i = from + k
      c.t[j + k] = p.t[i]!
      c.x[j + k] = p.x[i]!
      c.y[j + k] = p.y[i]!
      if (k === 0) continue
      c.dt[j + k] = p.dt[i]!
      c.dx[j + k] = p.dx[i]!
      c.dy[j + k] = p.dy[i]!
      c.step[j + k] = p.step[i]!
      c.speed[j + k] = p.speed[i]!
      c.dir[j + k] = p.dir[i]!
    }
  } else {
    for (const column of POSITIONS) c[column].set(p[column].subarray(from, to), j)
    for (const column of STEPS) c[column].set(p[column].subarray(from + 1, to), j + 1)
  }
  if (j > 0) fillStep(c, j)
}

const POSITIONS = ['t', 'x', 'y'] as const
const STEPS = ['dt', 'dx', 'dy', 'step', 'speed', 'dir'] as const
