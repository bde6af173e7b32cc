/**
 * A script that holds the button down while it moves. The scorer trusts no bot evidence from a window that
 * is mostly a drag (docs/scoring.md), so pressing before each movement and releasing before the real click
 * hides the motion from the pointer model. The evaluation measures that: a share of the generated sessions
 * that move are copied so (`heldCopy`), reported as their own group and never trained on.
 */
import type { TraceEvent, TraceRecord } from '../data.ts'
import { hash } from '../fit.ts'
import { createRng, type Rng } from './rng.ts'

/** The share of generated sessions that move which get a copy made with the button held. */
export const HELD_SHARE = 0.15

const isMove = (e: TraceEvent) => e.type === 'mousemove'

/**
 * A copy of a generated session with every movement made with the button held, for a share of the
 * sessions that move without one (drawn from a stream seeded by the session's id); null for the others.
 */
export function heldCopy(r: TraceRecord): TraceRecord | null {
  if (r.source !== 'generated' || !r.events.some(isMove) || r.events.some((e) => e.buttons)) return null
  const rng = createRng(hash(r.session_id))
  if (rng.next() >= HELD_SHARE) return null
  return { ...r, session_id: `${r.session_id}/held`, held: true, events: withButtonHeld(r.events, rng) }
}

/**
 * The same events with the button pressed a little before each run of moves (where the pointer rests) and
 * released a little after its last move, before the press the run led to: every movement becomes a drag,
 * and the real press and click stay as they were. Events are in time order.
 */
export function withButtonHeld(events: readonly TraceEvent[], rng: Rng): TraceEvent[] {
  const out: TraceEvent[] = []
  let at: TraceEvent | null = null
  let holding = false
  let lastMove: TraceEvent | null = null
  const releaseBefore = (limit: number) => {
    const t = Math.min(lastMove!.t_ms + rng.range(5, 120), limit)
    out.push({ t_ms: t, type: 'mouseup', x: lastMove!.x ?? null, y: lastMove!.y ?? null, button: 0 })
    holding = false
  }
  for (const e of events) {
    if (isMove(e)) {
      if (!holding) {
        const from = at ?? e
        const t = Math.max(out.at(-1)?.t_ms ?? 0, e.t_ms - rng.range(10, 200))
        out.push({ t_ms: t, type: 'mousedown', x: from.x ?? null, y: from.y ?? null, button: 0 })
        holding = true
      }
      out.push({ ...e, buttons: 1 })
      lastMove = e
      at = e
      continue
    }
    if (holding && (e.type === 'mousedown' || e.type === 'mouseup' || e.type === 'click'))
      releaseBefore(e.t_ms)
    out.push(e)
    if (e.x != null && e.y != null) at = e
  }
  if (holding) releaseBefore(Infinity)
  return out
}
