/**
 * Speed profile of each stroke. An aimed human movement is a train of overlapping sub-movements: speed rises
 * and falls more than once, the first peak comes early and the profile is asymmetric. Generated paths have one
 * clean, symmetric bell (minimum jerk) or a flat profile (constant speed).
 */
import type { FeatureGroup } from '../feature.ts'
import { smoothedSpeeds, speedPeaks } from '../peaks.ts'
import type { Prepared } from '../strokes.ts'
import { median } from '../strokes.ts'

/**
 * Share of consecutive speed changes that flip sign. A hand's speed, sampled at display rate, rises and
 * falls in runs; a cursor stepped by a program on its own clock saw-tooths from sample to sample.
 */
function speedReversals(p: Prepared): number {
  let flips = 0
  let pairs = 0
  for (const s of p.strokes) {
    let prevV = NaN
    let prevDv = 0
    for (let i = s.start + 1; i < s.end; i++) {
      const v = p.speed[i]!
      const dv = v - prevV
      if (dv !== 0 && !Number.isNaN(dv)) {
        if (prevDv !== 0) {
          pairs++
          if (dv > 0 !== prevDv > 0) flips++ // both non-zero: a change of sign
        }
        prevDv = dv
      }
      prevV = v
    }
  }
  return pairs >= 10 ? flips / pairs : NaN
}

export const velocity: FeatureGroup = {
  modality: 'pointer',
  names: ['multiPeakShare', 'peakTiming', 'speedCv', 'flatSpeedShare', 'speedReversalShare'],
  extract(p) {
    const strokes = p.strokes.filter((s) => s.end - s.start >= 8 && s.path >= 50)
    const reversal = speedReversals(p)
    if (strokes.length === 0) return [NaN, NaN, NaN, NaN, reversal]
    let multi = 0
    let flat = 0
    const timing: number[] = []
    const cvs: number[] = []
    const v = p.scratch
    for (const s of strokes) {
      const length = smoothedSpeeds(p, s, v)
      let max = 0
      let at = 0
      let sum = 0
      for (let i = 0; i < length; i++) {
        sum += v[i]!
        if (v[i]! > max) {
          max = v[i]!
          at = i
        }
      }
      const mean = sum / length
      let sq = 0
      for (let i = 0; i < length; i++) sq += (v[i]! - mean) ** 2
      const cv = Math.sqrt(sq / length) / Math.max(mean, 1e-6)
      cvs.push(cv)
      if (cv < 0.1) flat++
      if (speedPeaks(v, length, max) > 1) multi++
      timing.push((p.t[s.start + at + 1]! - p.t[s.start]!) / Math.max(s.duration, 1))
    }
    return [multi / strokes.length, median(timing), median(cvs), flat / strokes.length, reversal]
  },
}
