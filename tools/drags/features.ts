/**
 * Candidate features of drags, for the drag study (tools/drags/study.ts): measured per drag (a mouse press,
 * the moves made while it is held, its release) on the frame-normalised moves, and the median taken over a
 * window's drags. Meant to hold for any drag task (a slider, drag and drop, a drawing): how soon the hand
 * moves after the press and releases after the last move, how long the button is held, its pauses, where
 * the speed peaks, how rough the path is and how the drag ends. Not a registered feature group: the study
 * found no model over them that people of every source pass (docs/scoring.md, Known blind spots).
 */
import type { Prepared } from '../../server/scoring/strokes.ts'
import { median } from '../../server/scoring/strokes.ts'

/** A gap between two moves longer than this, inside a drag, is a pause, ms. */
export const DRAG_PAUSE_MS = 100
/** The end of a drag whose speed is compared with its peak, ms. */
const END_MS = 100

export const DRAG_FEATURES = [
  /** log(1 + ms) from the press to the first move made while held */
  'drag.logPressToMove',
  /** log(1 + ms) from the last move made while held to the release */
  'drag.logMoveToRelease',
  /** log(1 + ms) the button is held */
  'drag.logHold',
  /** share of the time from the first to the last move spent in pauses */
  'drag.pauseShare',
  /** when the speed peaks, as a share of the time from the first to the last move */
  'drag.peakAt',
  /** chord / path length */
  'drag.straightness',
  /** share of the path moved against the chord's direction (going past and back) */
  'drag.backShare',
  /** summed second differences of the positions over the path length: 0 for evenly spaced moves on a line */
  'drag.roughness',
  /** mean speed over the last END_MS before the last move, over the peak speed */
  'drag.endSpeedRatio',
  /** coefficient of variation of the step speeds */
  'drag.speedCv',
  /** local speed maxima above 0.3 of the peak, per second */
  'drag.peaksPerSecond',
  /** |dy| / chord: 0 for a level drag (a slider's), 1 for a vertical one (the study reports level drags apart) */
  'drag.slope',
] as const

/** Each drag's values, in DRAG_FEATURES order; drags with fewer than 3 moves while held are left out. */
export function dragsOf(p: Prepared): number[][] {
  const { t } = p
  const out: number[][] = []
  let mi = 0
  let down = -1
  let downAt = 0
  for (const [bt, kind, , , pointer] of p.signals.buttons) {
    if (pointer !== 'mouse' || kind === 'click') continue
    while (mi < p.n && t[mi]! <= bt) mi++
    if (kind === 'down') {
      down = mi
      downAt = bt
    } else if (down >= 0) {
      if (mi - down >= 3) out.push(dragValues(p, down, mi, downAt, bt))
      down = -1
    }
  }
  return out
}

/** The values of one drag: moves a..b-1 made between the press at `downAt` and the release at `upAt`. */
function dragValues(p: Prepared, a: number, b: number, downAt: number, upAt: number): number[] {
  const { t, x, y, speed } = p
  const cx = x[b - 1]! - x[a]!
  const cy = y[b - 1]! - y[a]!
  const chord = Math.hypot(cx, cy)
  let paused = 0
  let path = 0
  let back = 0
  let rough = 0
  let peak = 0
  let peakT = t[a]!
  let sum = 0
  let sum2 = 0
  for (let i = a + 1; i < b; i++) {
    const dt = t[i]! - t[i - 1]!
    if (dt > DRAG_PAUSE_MS) paused += dt
    const dx = x[i]! - x[i - 1]!
    const dy = y[i]! - y[i - 1]!
    const s = Math.hypot(dx, dy)
    path += s
    if (dx * cx + dy * cy < 0) back += s
    if (speed[i]! > peak) {
      peak = speed[i]!
      peakT = t[i]!
    }
    sum += speed[i]!
    sum2 += speed[i]! ** 2
    if (i + 1 < b) rough += Math.hypot(x[i + 1]! - 2 * x[i]! + x[i - 1]!, y[i + 1]! - 2 * y[i]! + y[i - 1]!)
  }
  const span = t[b - 1]! - t[a]!
  const steps = b - a - 1
  let end = 0
  let ends = 0
  for (let i = b - 1; i > a && t[b - 1]! - t[i]! < END_MS; i--) {
    end += speed[i]!
    ends++
  }
  let peaks = 0
  for (let i = a + 2; i < b - 1; i++)
    if (speed[i]! > speed[i - 1]! && speed[i]! >= speed[i + 1]! && speed[i]! > 0.3 * peak) peaks++
  const mean = sum / steps
  return [
    Math.log(1 + t[a]! - downAt),
    Math.log(1 + upAt - t[b - 1]!),
    Math.log(1 + upAt - downAt),
    span > 0 ? paused / span : NaN,
    span > 0 ? (peakT - t[a]!) / span : NaN,
    path > 0 ? chord / path : NaN,
    path > 0 ? back / path : NaN,
    path > 0 ? rough / path : NaN,
    peak > 0 && ends ? end / ends / peak : NaN,
    mean > 0 ? Math.sqrt(Math.max(0, sum2 / steps - mean * mean)) / mean : NaN,
    span > 0 ? (peaks * 1000) / span : NaN,
    chord > 0 ? Math.abs(cy) / chord : NaN,
  ]
}

/** The median of each feature over the window's drags (NaN where no drag measured it). */
export function dragFeatures(p: Prepared): number[] {
  const drags = dragsOf(p)
  return DRAG_FEATURES.map((_, k) => {
    const values = drags.map((d) => d[k]!).filter((v) => !Number.isNaN(v))
    return values.length ? median(values) : NaN
  })
}
