/**
 * Hard evidence of automation: things no person at a real browser produces. Each finding caps the
 * confidence, whatever the motion looks like.
 */
import type { Reason } from '../../shared/reasons.ts'
import type { Signals } from '../../shared/signals.ts'

export interface Finding {
  reason: Reason
  /** the confidence may not exceed this */
  cap: number
}

/** Events may carry a timestamp at most this far past `c.d`, for rounding. */
const CLOCK_SLACK_MS = 2
/** A mouse press that starts this far from where the pointer was last seen jumped there. */
const TELEPORT_PX = 40

export function automationFindings(s: Signals): Finding[] {
  const found: Finding[] = []
  const c = s.context
  if (c.a !== 0) found.push({ reason: 'AUTOMATION_FLAG', cap: 0.05 })
  if (c.u >= 3 && c.u >= 0.05 * c.n) found.push({ reason: 'UNTRUSTED_EVENTS', cap: 0.1 })
  if (impossibleTiming(s)) found.push({ reason: 'IMPOSSIBLE_TIMING', cap: 0.1 })
  if (teleports(s)) found.push({ reason: 'TELEPORT', cap: 0.2 })
  return found
}

function impossibleTiming(s: Signals): boolean {
  const limit = s.context.d + CLOCK_SLACK_MS
  const last = (list: { 0: number }[]) => (list.length ? list[list.length - 1]![0] : 0)
  if (Math.max(last(s.moves), last(s.buttons), last(s.keys), last(s.scrolls), last(s.page)) > limit) return true
  // a mouse button released in the same millisecond it was pressed: no finger is that fast
  let zero = 0
  for (let i = 1; i < s.buttons.length; i++) {
    const a = s.buttons[i - 1]!
    const b = s.buttons[i]!
    if (a[1] === 'down' && b[1] === 'up' && a[4] === 'mouse' && b[0] === a[0]) zero++
  }
  return zero >= 1
}

/** Mouse presses that land far from the last pointer position, in sessions where the pointer is reported. */
function teleports(s: Signals): boolean {
  if (s.moves.length < 3) return false
  let mi = 0
  let jumps = 0
  let presses = 0
  for (const [t, kind, x, y, pointer] of s.buttons) {
    if (kind !== 'down' || pointer !== 'mouse') continue
    while (mi < s.moves.length && s.moves[mi]![0] <= t) mi++
    const last = s.moves[mi - 1]
    if (!last) continue
    presses++
    if (Math.hypot(last[1] - x, last[2] - y) > TELEPORT_PX) jumps++
  }
  return jumps >= 2 && jumps >= 0.5 * presses
}
