/**
 * Recorders differ in how often they sample a moving pointer (a browser at the display rate, a desktop
 * logger at every OS event, a remote desktop at 10 Hz) and in their timestamps' precision. Left in, those
 * differences tell a model *which recorder* made a trace rather than *who*. So the pointer features read a
 * normalised stream: whole ms and px (the snippet's own format) and, of the moves in each 16 ms frame, only
 * the last, as a 60 Hz display would have shown them. Hard evidence (automation.ts) still reads every move.
 */
import type { MoveSample, Signals } from '../../shared/signals.ts'

/** One frame of a 60 Hz display, rounded down to whole ms. */
export const FRAME_MS = 16

/** The last move of each FRAME_MS frame, in order. Returns `moves` itself when no frame holds two. */
export function frameMoves(moves: readonly MoveSample[]): readonly MoveSample[] {
  const n = moves.length
  let first = -1
  for (let i = 1; i < n && first < 0; i++) if (frame(moves[i]!) === frame(moves[i - 1]!)) first = i - 1
  if (first < 0) return moves
  const out = moves.slice(0, first)
  for (let i = first; i < n; i++)
    if (i === n - 1 || frame(moves[i + 1]!) !== frame(moves[i]!)) out.push(moves[i]!)
  return out
}

function frame(m: MoveSample): number {
  return (m[0] / FRAME_MS) | 0
}

/** The signals with their moves normalised to frames. */
export function normalised(signals: Signals): Signals {
  const moves = frameMoves(signals.moves)
  return moves === signals.moves ? signals : { ...signals, moves: moves as MoveSample[] }
}
