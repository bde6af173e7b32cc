/**
 * Typing rhythm beyond holds and gaps: how a person's key timings depend on each other. A person types in
 * bursts (a word, a number group) between pauses, so fast gaps follow fast gaps and slow follow slow; a
 * long hold tends to come with a long release-to-press flight after it; the gap around a space or a
 * correction differs from the gap inside a word, and so does the hold of a space bar or an Enter. A script drawing each hold and gap on its own (however
 * human its distributions) has none of that dependence: its gaps average out like coin flips.
 *
 * Every value is a rank correlation, a ratio or a log-ratio, so a recorder's clock does not set it. On a
 * coarse clock (the 15.6 ms timer tick of some Windows machines, which a browser's whole ms turn into
 * steps of 15 or 16) the correlations count in ticks (`tickOf`), so the rounding is a tie, not a
 * difference; many holds then tie, and a correlation over fewer than MIN_DISTINCT distinct values is not
 * measured (NaN) rather than read as 0. Holds that cannot be
 * measured (an on-screen keyboard sends each key's up with its down, see keys.ts) leave the hold values
 * NaN: a person's, not a script's, when the presses came from a finger.
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'
import { NO_HOLD_MS } from './keys.ts'

/** A gap this long is a break (reading, switching fields), not part of the rhythm. */
const BREAK_MS = 3000
/** A gap this many times the median is a pause. */
const PAUSE_RATIO = 2.5
/** A correlation needs this many pairs and this many distinct values on each side. */
const MIN_PAIRS = 8
const MIN_DISTINCT = 4
/**
 * Coarse key clocks, ms, and how close (ms) to a multiple of one every interval between key events must be
 * for the session to be read as timed on it: a browser's times in whole ms land on a multiple of 4 a
 * quarter of the time, within a ms of one of 15.625 a fifth of it.
 */
const TICKS: readonly [number, number][] = [
  [15.625, 1],
  [8, 0.01],
  [4, 0.01],
]
/** The share of intervals that must sit on a tick, and how many intervals that takes. */
const ON_TICK = 0.9
const MIN_INTERVALS = 10
/** Window lengths (keys) of the two rhythm scales. */
const SCALES = [4, 8] as const
/** Key classes inside a word or number; the rest (space, backspace, enter, ...) mark a boundary. */
const INSIDE = new Set(['letter', 'digit'])

interface Press {
  t: number
  cls: string
  /** ms held, NaN until (or unless) the key's up is seen */
  hold: number
}

/** Presses in order (auto-repeat left out), each with its hold once its up arrives. */
export function pressesOf(keys: readonly (readonly [number, string, string])[]): Press[] {
  const presses: Press[] = []
  const open = new Map<string, Press>()
  for (const [t, kind, cls] of keys) {
    if (kind === 'down') {
      if (open.has(cls)) continue
      const p = { t, cls, hold: NaN }
      presses.push(p)
      open.set(cls, p)
    } else {
      const p = open.get(cls)
      if (p) p.hold = t - p.t
      open.delete(cls)
    }
  }
  return presses
}

export const rhythm: FeatureGroup = {
  modality: 'keys',
  names: [
    'logGap',
    'gapIqr',
    'pauseShare',
    'gapLag1',
    'scale4',
    'scale8',
    'holdLag1',
    'holdFlightCorr',
    'holdGapRatio',
    'boundaryGapRatio',
    'boundaryHoldRatio',
    'gapSkew',
    'holdSkew',
  ],
  extract(p) {
    // modifiers (shift held over a capital) overlap the keys they modify: the rhythm is the other keys'
    const presses = pressesOf(p.signals.keys).filter((k) => k.cls !== 'modifier')
    const gaps: number[] = []
    const flights: number[] = []
    const gapHolds: number[] = []
    const boundary: number[] = []
    const inside: number[] = []
    let pauses = 0
    let all = 0
    const allGaps: number[] = []
    for (let i = 1; i < presses.length; i++) allGaps.push(presses[i]!.t - presses[i - 1]!.t)
    const typical = median(allGaps.filter((g) => g < BREAK_MS))
    for (let i = 1; i < presses.length; i++) {
      const [a, b] = [presses[i - 1]!, presses[i]!]
      const gap = b.t - a.t
      all++
      if (gap > PAUSE_RATIO * typical) pauses++
      if (gap >= BREAK_MS) continue
      gaps.push(gap)
      gapHolds.push(a.hold)
      flights.push(b.t - (a.t + a.hold))
      ;(INSIDE.has(a.cls) && INSIDE.has(b.cls) ? inside : boundary).push(gap)
    }
    const holds = presses.map((k) => k.hold).filter((h) => !Number.isNaN(h))
    const holdsOf = (within: boolean) =>
      presses.filter((k) => INSIDE.has(k.cls) === within && !Number.isNaN(k.hold)).map((k) => k.hold)
    const [edgeHolds, innerHolds] = [holdsOf(false), holdsOf(true)]
    const virtual = p.touch && holds.filter((d) => d <= NO_HOLD_MS).length >= 0.8 * holds.length
    const logGaps = gaps.map((g) => Math.log(g + 1))
    // correlations count in the clock's ticks, so a coarse clock's 15-or-16 ms rounding is one tie
    const tick = tickOf(p.signals.keys.map((k) => k[0]))
    const ticks = (values: readonly number[]) => values.map((v) => Math.round(v / tick))
    const hold = median(holds)
    const measuredHolds = holds.length >= 3 && !virtual
    return [
      gaps.length >= 3 ? Math.log(median(gaps) + 1) : NaN,
      gaps.length >= 4 ? quantile(logGaps, 0.75) - quantile(logGaps, 0.25) : NaN,
      all >= 4 ? pauses / all : NaN,
      rankCorrelation(ticks(gaps.slice(0, -1)), ticks(gaps.slice(1))),
      scaleRatio(logGaps, SCALES[0]),
      scaleRatio(logGaps, SCALES[1]),
      virtual ? NaN : lagCorrelation(ticks(presses.map((k) => k.hold))),
      virtual ? NaN : rankCorrelation(ticks(gapHolds), ticks(flights)),
      measuredHolds && gaps.length >= 3 ? Math.log((hold + 1) / (median(gaps) + 1)) : NaN,
      boundary.length >= 3 && inside.length >= 3
        ? Math.log((median(boundary) + 1) / (median(inside) + 1))
        : NaN,
      !virtual && edgeHolds.length >= 3 && innerHolds.length >= 3
        ? Math.log((median(edgeHolds) + 1) / (median(innerHolds) + 1))
        : NaN,
      gaps.length >= 10 ? skew(logGaps) : NaN,
      measuredHolds && holds.length >= 10 ? skew(holds.map((h) => Math.log(h + 1))) : NaN,
    ]
  },
}

/**
 * The clock the key times were taken on: the coarsest of TICKS on which ON_TICK of the intervals between
 * consecutive key events sit, or 1 ms.
 */
export function tickOf(times: readonly number[]): number {
  const intervals: number[] = []
  for (let i = 1; i < times.length; i++)
    if (times[i]! > times[i - 1]!) intervals.push(times[i]! - times[i - 1]!)
  if (intervals.length < MIN_INTERVALS) return 1
  for (const [tick, within] of TICKS) {
    const on = intervals.filter((d) => Math.abs(d - Math.round(d / tick) * tick) <= within).length
    if (on >= ON_TICK * intervals.length) return tick
  }
  return 1
}

/** The q-quantile of values, by linear interpolation. */
function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b)
  const at = q * (s.length - 1)
  const lo = Math.floor(at)
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo)
}

/**
 * Kelly's skewness of values, (q90 + q10 - 2 q50) / (q90 - q10): 0 for a symmetric spread (log-normal
 * timings, in logs), above 0 when a long tail of slow keys (hesitations, word boundaries) stretches it;
 * NaN when there is no spread.
 */
function skew(values: readonly number[]): number {
  const [lo, mid, hi] = [quantile(values, 0.1), quantile(values, 0.5), quantile(values, 0.9)]
  return hi > lo ? (hi + lo - 2 * mid) / (hi - lo) : NaN
}

/** Lag-1 rank correlation of a sequence, over consecutive pairs both measured. */
function lagCorrelation(values: readonly number[]): number {
  const a: number[] = []
  const b: number[] = []
  for (let i = 1; i < values.length; i++) {
    if (Number.isNaN(values[i - 1]!) || Number.isNaN(values[i]!)) continue
    a.push(values[i - 1]!)
    b.push(values[i]!)
  }
  return rankCorrelation(a, b)
}

/**
 * Spearman's rank correlation (ties share their average rank), over pairs where both are numbers; NaN
 * with fewer than MIN_PAIRS pairs or MIN_DISTINCT distinct values on either side (a clock too coarse, or
 * a value that never changes, to say anything).
 */
export function rankCorrelation(x: readonly number[], y: readonly number[]): number {
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue
    a.push(x[i]!)
    b.push(y[i]!)
  }
  if (a.length < MIN_PAIRS || new Set(a).size < MIN_DISTINCT || new Set(b).size < MIN_DISTINCT) return NaN
  return pearson(ranks(a), ranks(b))
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!)
  const out = new Array<number>(values.length)
  for (let i = 0; i < order.length;) {
    let j = i
    while (j < order.length && values[order[j]!] === values[order[i]!]) j++
    for (let k = i; k < j; k++) out[order[k]!] = (i + j - 1) / 2
    i = j
  }
  return out
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length
  let [ma, mb] = [0, 0]
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i]! / n, mb + b[i]! / n]
  let [sab, saa, sbb] = [0, 0, 0]
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN
}

/**
 * Rhythm at a scale of k keys: the log of the variance of the means of k consecutive values over what
 * independent values would give (their variance / k). About 0 for timings drawn one by one; above 0 when
 * fast stretches and slow stretches alternate, as in a person's bursts. NaN under 3k values.
 */
export function scaleRatio(values: readonly number[], k: number): number {
  if (values.length < 3 * k) return NaN
  const v = variance(values)
  if (v <= 0) return NaN
  const means: number[] = []
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!
    if (i >= k) sum -= values[i - k]!
    if (i >= k - 1) means.push(sum / k)
  }
  // clipped: a sequence repeating every k keys has means that never vary
  return Math.max(-5, Math.log(variance(means) / (v / k)))
}

function variance(values: readonly number[]): number {
  const n = values.length
  let m = 0
  for (const v of values) m += v / n
  let s = 0
  for (const v of values) s += (v - m) ** 2
  return s / n
}
