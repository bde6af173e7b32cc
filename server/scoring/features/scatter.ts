/**
 * How much one aimed movement differs from the next. A person's reaches scatter around Fitts' law (the
 * same distance takes longer or shorter as aim and attention vary) and arrive in a varying number of
 * sub-movements: one clean sweep, then two corrections, then one. A program times every movement by one
 * law of its distance and draws every path the same way, so its durations sit on a curve and its
 * movements have the same number of speed peaks each time.
 */
import type { FeatureGroup } from '../feature.ts'
import { lineFit } from '../line-fit.ts'
import { smoothedSpeeds, speedPeaks } from '../peaks.ts'
import type { Prepared } from '../strokes.ts'
import type { Movement } from './segments.ts'
import { movements } from './segments.ts'

/** Fewer movements than this and a spread says nothing. */
const MIN_MOVEMENTS = 4
/** A movement shorter than this (px, chord) has no duration law to scatter around. */
const MIN_CHORD = 20

/**
 * Speed peaks of a movement: local maxima of its speed (averaged over three steps) standing 20% of its top
 * above the last trough. The averaged speeds go to `v`.
 */
function peaksOf(p: Prepared, m: Movement, v: Float64Array): number {
  const length = smoothedSpeeds(p, m, v)
  let top = 0
  for (let i = 0; i < length; i++) if (v[i]! > top) top = v[i]!
  return speedPeaks(v, length, top)
}

/** Root mean square of ys about their least-squares line on xs (about their mean when xs hardly spread). */
function scatterAboutLine(xs: number[], ys: number[]): number {
  const n = xs.length
  const { mx, my, slope } = lineFit(xs, ys)
  const b = Number.isNaN(slope) ? 0 : slope
  let ss = 0
  for (let i = 0; i < n; i++) ss += (ys[i]! - my - b * (xs[i]! - mx)) ** 2
  return Math.sqrt(ss / n)
}

export const scatter: FeatureGroup = {
  modality: 'pointer',
  names: ['fittsScatter', 'subMovementSpread'],
  extract(p) {
    const list = movements(p)
    if (list.length < MIN_MOVEMENTS) return [NaN, NaN]
    const logDistance: number[] = []
    const logDuration: number[] = []
    let sum = 0
    let squares = 0
    for (const m of list) {
      const chord = Math.hypot(p.x[m.end - 1]! - p.x[m.start]!, p.y[m.end - 1]! - p.y[m.start]!)
      if (chord >= MIN_CHORD) {
        logDistance.push(Math.log(chord))
        logDuration.push(Math.log(p.t[m.end - 1]! - p.t[m.start]! + 1))
      }
      const k = peaksOf(p, m, p.scratch)
      sum += k
      squares += k * k
    }
    const mean = sum / list.length
    return [
      logDistance.length >= MIN_MOVEMENTS ? scatterAboutLine(logDistance, logDuration) : NaN,
      Math.sqrt(Math.max(0, squares / list.length - mean * mean)),
    ]
  },
}
