/**
 * Hard evidence of automation: things no person at a real browser produces. Each finding caps the
 * confidence, whatever the motion looks like.
 */
import type { Reason } from '../../shared/reasons.ts'
import type { Signals } from '../../shared/signals.ts'
import type { Prepared, Stroke } from './strokes.ts'
import { angleBetween, dist, PAUSE_MS, strokeOf } from './strokes.ts'

export interface Finding {
  reason: Reason
  /** the confidence may not exceed this */
  cap: number
}

/** Events may carry a timestamp at most this far past `c.d`, for rounding. */
const CLOCK_SLACK_MS = 2
/** A mouse press that starts this far from where the pointer was last seen jumped there. */
const TELEPORT_PX = 40

export function automationFindings(p: Prepared): Finding[] {
  const s = p.signals
  const found: Finding[] = []
  const c = s.context
  if (c.a !== 0) found.push({ reason: 'AUTOMATION_FLAG', cap: 0.05 })
  if (c.u >= 3 && c.u >= 0.05 * c.n) found.push({ reason: 'UNTRUSTED_EVENTS', cap: 0.1 })
  if (impossibleTiming(s) || pressesAtFullSpeed(p)) found.push({ reason: 'IMPOSSIBLE_TIMING', cap: 0.1 })
  if (teleports(p)) found.push({ reason: 'TELEPORT', cap: 0.2 })
  const machine = machineStrokes(p)
  if (machine.straight || constantVelocityRuns(p)) found.push({ reason: 'LINEAR_MOTION', cap: 0.15 })
  if (machine.constant) found.push({ reason: 'REGULAR_TIMING', cap: 0.15 })
  return found
}

/**
 * Presses made while the pointer was still at full speed: within 30 ms of a move of 20 px or more, sampled
 * within 40 ms of the one before, that was at least half the fastest of the last 500 ms. A hand always decelerates onto a target before pressing
 * (the speed-accuracy trade-off); a script that moves and clicks does not. Flagged at two such presses and
 * half of all presses.
 */
function pressesAtFullSpeed(p: Prepared): boolean {
  const times = p.t
  let hits = 0
  let presses = 0
  let mi = 0
  for (const [t, kind, , , pointer] of p.signals.buttons) {
    if (kind !== 'down' || pointer !== 'mouse') continue
    while (mi < p.n && times[mi]! <= t) mi++
    const last = mi - 1
    if (last < 1) continue
    presses++
    // only where the pointer is sampled densely (a sparse remote-desktop logger hides the deceleration)
    if (t - times[last]! > 30 || p.step[last]! < 20 || times[last]! - times[last - 1]! > 40) continue
    let peak = 0
    for (let k = last; k > 0 && times[last]! - times[k]! < 500; k--) peak = Math.max(peak, p.speed[k]!)
    if (p.speed[last]! >= 0.5 * peak) hits++
  }
  return hits >= 2 && hits >= 0.5 * presses
}

/** Steps of at least this many px take part in constant-velocity runs (smaller ones are all rounding). */
const RUN_MIN_STEP_PX = 6

/**
 * Runs of consecutive steps with one velocity: the same direction (within 0.06 rad) and speed (within 10%)
 * as the run's first step. A hand accelerates and decelerates through every reach, so it does not hold one
 * velocity for long; a loop stepping along a line does. Flagged at two runs of 12 steps and 150 ms, or one
 * of 20 steps and 250 ms (by time too, so a high-rate mouse sampling the top of a fast reach is not one).
 */
function constantVelocityRuns(p: Prepared): boolean {
  const { t, dt, step, speed, dir } = p
  let runs = 0
  let counted = false
  let start = 0
  let length = 0
  let runDir = 0
  let runSpeed = 0
  for (let i = 1; i < p.n; i++) {
    const ok = step[i]! >= RUN_MIN_STEP_PX && dt[i]! <= PAUSE_MS
    const d = dir[i]!
    const v = speed[i]!
    if (ok && length > 0 && angleBetween(runDir, d) < 0.06 && Math.abs(v - runSpeed) < 0.1 * runSpeed) {
      length++
      const ms = t[i]! - start
      if (!counted && length >= 12 && ms >= 150) {
        runs++
        counted = true
      }
      if ((length >= 20 && ms >= 250) || runs >= 2) return true
    } else {
      length = ok ? 1 : 0
      counted = false
      start = t[i - 1]!
      runDir = d
      runSpeed = v
    }
  }
  return false
}

/** Largest distance of a stroke's points from its chord, px. */
function maxDeviation(p: Prepared, st: Stroke): number {
  const { x, y } = p
  const x0 = x[st.start]!
  const y0 = y[st.start]!
  const x1 = x[st.end - 1]!
  const y1 = y[st.end - 1]!
  const len = dist(x1 - x0, y1 - y0) || 1
  let max = 0
  for (let i = st.start + 1; i < st.end - 1; i++) {
    max = Math.max(max, Math.abs((x1 - x0) * (y0 - y[i]!) - (x0 - x[i]!) * (y1 - y0)) / len)
  }
  return max
}

/** Moves start..end - 1 as a stroke, into `out` when it has two moves or more. */
function addReach(p: Prepared, out: Stroke[], start: number, end: number, path: number): void {
  if (end - start >= 2) out.push(strokeOf(p.t, p.x, p.y, start, end, path))
}

/**
 * The reaches of the pointer: its strokes, also cut at every mouse press. A press ends an aimed movement
 * and the next one starts from it, however soon; a program that clicks and moves on within a pause would
 * otherwise join its lines into one stroke with corners, which no straightness test sees.
 */
function reaches(p: Prepared): Stroke[] {
  const { t, step } = p
  const buttons = p.signals.buttons
  const downs: number[] = []
  for (let k = 0; k < buttons.length; k++) {
    const b = buttons[k]!
    if (b[1] === 'down' && b[4] === 'mouse') downs.push(b[0])
  }
  if (downs.length === 0) return p.strokes
  const out: Stroke[] = []
  let d = 0
  for (const st of p.strokes) {
    while (d < downs.length && downs[d]! < t[st.start]!) d++
    // most strokes hold no press: kept whole, without a pass over their moves
    if (d === downs.length || downs[d]! >= t[st.end - 1]!) {
      out.push(st)
      continue
    }
    let next = downs[d]!
    let start = st.start
    let path = 0
    for (let i = st.start + 1; i < st.end; i++) {
      if (next >= t[i]!) {
        path += step[i]!
        continue
      }
      // pressed between moves i - 1 and i
      while (d < downs.length && downs[d]! < t[i]!) d++
      next = d < downs.length ? downs[d]! : Infinity
      addReach(p, out, start, i, path)
      start = i
      path = 0
    }
    addReach(p, out, start, st.end, path)
  }
  return out
}

/**
 * Reaches no hand makes: ruler-straight (no point off the chord by more than pixel rounding) or at one
 * constant speed, over 80 px and 8 samples and more. Flagged when they are half the long reaches and
 * either at least two, or one of 15 samples that is both straight and constant.
 */
function machineStrokes(p: Prepared): { straight: boolean; constant: boolean } {
  let long = 0
  let straight = 0
  let constant = 0
  let both = false
  for (const st of reaches(p)) {
    const points = st.end - st.start
    // by time too: a high-rate mouse samples even a quick flick many times
    if (points < 5 || st.path < 80 || (points < 8 && st.path < 150) || st.duration < 120) continue
    long++
    const isStraight = maxDeviation(p, st) <= Math.max(1.5, 0.005 * st.chord)
    let sum = 0
    let sq = 0
    let n = 0
    for (let i = st.start + 1; i < st.end; i++) {
      const v = p.speed[i]!
      sum += v
      sq += v * v
      n++
    }
    const mean = sum / n
    const isConstant = Math.sqrt(Math.max(0, sq / n - mean * mean)) < 0.05 * mean
    if (isStraight) straight++
    if (isConstant) constant++
    if (isStraight && isConstant && (points >= 15 || st.path >= 150)) both = true
  }
  return { straight: flagged(straight, both, long), constant: flagged(constant, both, long) }
}

/** `k` machine reaches of `long` are evidence when they are half of them and either two, or one that is `both`. */
function flagged(k: number, both: boolean, long: number): boolean {
  return (k >= 2 || both) && k >= 0.5 * long
}

/**
 * Events stamped after the moment the payload was encoded. (Presses released in the same millisecond are
 * not evidence: voice control, dwell clicking, switch access and screen readers click that way for people.)
 */
function impossibleTiming(s: Signals): boolean {
  const limit = s.context.d + CLOCK_SLACK_MS
  return Math.max(last(s.moves), last(s.buttons), last(s.keys), last(s.scrolls), last(s.page)) > limit
}

/** The time of a list's last sample, 0 for none. */
function last(list: readonly { 0: number }[]): number {
  return list.length ? list[list.length - 1]![0] : 0
}

/**
 * Mouse presses the pointer jumped to: far from where it was last seen (by a move or an earlier press), or
 * reached by one isolated move of 100 px or more out of stillness. A hand that travels that far is sampled
 * on the way, even by a sparse remote-desktop logger.
 */
function teleports(p: Prepared): boolean {
  const s = p.signals
  // one mouse press that no movement led to, with nothing typed: what a script's element.click() or a bare
  // DevTools press looks like (a tap on a touch screen, or Enter on a keyboard, is not a mouse press; a
  // person clicking again and again where the pointer rests presses more than once)
  if (s.moves.length === 0 && s.keys.length === 0) {
    const mouse = s.buttons.filter((b) => b[4] === 'mouse')
    const presses =
      mouse.filter((b) => b[1] === 'down').length || mouse.filter((b) => b[1] === 'click').length
    if (presses === 1) return true
  }
  const times = p.t
  let mi = 0
  let jumps = 0
  let presses = 0
  let seen: { t: number; x: number; y: number } | null = null
  const firstMove = s.moves[0]?.[0] ?? Infinity
  for (const [t, kind, x, y, pointer] of s.buttons) {
    // before the first kept move nothing is known: older presses can outlive moves in the snippet's buffers
    // (with no move kept at all, none was made: the buffers only drop moves for newer moves)
    if (pointer !== 'mouse' || (s.moves.length > 0 && t < firstMove)) continue
    while (mi < p.n && times[mi]! <= t) mi++
    const move = s.moves[mi - 1]
    const prev = s.moves[mi - 2]
    const fromMove = move !== undefined && (!seen || move[0] >= seen.t)
    const last = fromMove ? { t: move[0], x: move[1], y: move[2] } : seen
    if (kind === 'down') {
      presses++
      // a sparse recorder (a remote desktop) misses the moves between its samples: allow what the pointer
      // could have covered since it was last seen, at twice its last speed
      const reach = fromMove ? 2 * p.speed[mi - 1]! * (t - move[0]) : 0
      const far = last !== null && dist(last.x - x, last.y - y) > TELEPORT_PX + reach
      const isolated =
        move !== undefined &&
        prev !== undefined &&
        t - move[0] < 1000 &&
        move[0] - prev[0] >= 250 &&
        dist(move[1] - prev[1], move[2] - prev[2]) >= 100
      if (far || isolated) jumps++
    }
    seen = { t, x, y }
  }
  return jumps >= 2 && jumps >= 0.5 * presses
}
