/**
 * Movements: the stream cut at short pauses (over 100 ms, or 2.5 sampling intervals on sparse recorders)
 * and at every press, so each piece is one aimed movement. People's movements curve a little, reach peak
 * speed before the middle, arrive in sub-movements, and take longer for longer distances (Fitts' law);
 * programs draw straight or evenly curved lines at whatever duration they were given.
 */
import type { FeatureGroup } from '../feature.ts'
import { lineFit } from '../line-fit.ts'
import type { Prepared } from '../strokes.ts'
import { median } from '../strokes.ts'

const MIN_PAUSE_MS = 100

export interface Movement {
  start: number
  end: number
  path: number
}

/** The Prepared whose movements `found` holds: segments and scatter read the same ones in one score call. */
let owner: Prepared | null = null
let found: Movement[] = []

/** The movements of `p` (computed once per Prepared; callers must not change the list). */
export function movements(p: Prepared): Movement[] {
  if (owner !== p) {
    found = cut(p)
    owner = p
  }
  return found
}

function cut(p: Prepared): Movement[] {
  const { t, step } = p
  const n = p.n
  const pause = Math.max(MIN_PAUSE_MS, 2.5 * p.medianDt)
  const presses = p.signals.buttons.filter((b) => b[1] === 'down').map((b) => b[0])
  const out: Movement[] = []
  let start = 0
  let path = 0
  let next = 0
  for (let i = 1; i <= n; i++) {
    let cut = i === n || t[i]! - t[i - 1]! > pause
    while (!cut && next < presses.length && presses[next]! <= t[i - 1]!) next++
    if (!cut && next < presses.length && presses[next]! < t[i]!) cut = true
    if (!cut) {
      path += step[i]!
      continue
    }
    if (i - start >= 5 && path >= 20) out.push({ start, end: i, path })
    start = i
    path = 0
  }
  return out
}

/** Largest distance of the movement's points from its chord, px. */
function deviation(p: Prepared, m: Movement, chord: number): number {
  const x0 = p.x[m.start]!
  const y0 = p.y[m.start]!
  const ux = (p.x[m.end - 1]! - x0) / chord
  const uy = (p.y[m.end - 1]! - y0) / chord
  let max = 0
  for (let i = m.start + 1; i < m.end - 1; i++) {
    const d = Math.abs((p.x[i]! - x0) * uy - (p.y[i]! - y0) * ux)
    if (d > max) max = d
  }
  return max
}

/** Least-squares slope of y on x (NaN for fewer than 4 points or no spread). */
function slope(xs: number[], ys: number[]): number {
  return xs.length < 4 ? NaN : lineFit(xs, ys).slope
}

export const segments: FeatureGroup = {
  modality: 'pointer',
  names: [
    'straightMin',
    'straightShare',
    'logDeviation',
    'peakSpread',
    'fittsSlope',
    'perSecond',
    'movingShare',
  ],
  extract(p) {
    const list = movements(p)
    const n = p.n
    const span = n > 1 ? p.t[n - 1]! - p.t[0]! : 0
    if (list.length === 0 || span <= 0) return [NaN, NaN, NaN, NaN, NaN, NaN, NaN]
    let straightMin = 1
    let straight = 0
    let moving = 0
    const deviations: number[] = []
    const peaks: number[] = []
    const logDistance: number[] = []
    const logDuration: number[] = []
    for (const m of list) {
      const chord = Math.hypot(p.x[m.end - 1]! - p.x[m.start]!, p.y[m.end - 1]! - p.y[m.start]!)
      const duration = p.t[m.end - 1]! - p.t[m.start]!
      moving += duration
      const s = chord / Math.max(m.path, 1)
      if (s < straightMin) straightMin = s
      if (s > 0.99) straight++
      if (chord >= 20) {
        deviations.push(deviation(p, m, chord) / chord)
        logDistance.push(Math.log(chord))
        logDuration.push(Math.log(duration + 1))
      }
      let top = 0
      let at = m.start
      for (let i = m.start + 1; i < m.end; i++)
        if (p.speed[i]! > top) {
          top = p.speed[i]!
          at = i
        }
      peaks.push((p.t[at]! - p.t[m.start]!) / Math.max(duration, 1))
    }
    const peak = median(peaks)
    return [
      straightMin,
      straight / list.length,
      deviations.length ? Math.log(median(deviations) + 0.001) : NaN,
      peaks.length >= 3 ? median(peaks.map((v) => Math.abs(v - peak))) : NaN,
      slope(logDistance, logDuration),
      (1000 * list.length) / span,
      moving / span,
    ]
  },
}
