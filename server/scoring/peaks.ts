import type { Prepared } from './strokes.ts'

/**
 * Speeds (px/ms) of the steps of a stroke or movement (moves start..end-1), lightly smoothed over three
 * steps, into `out`; returns how many.
 */
export function smoothedSpeeds(
  p: Prepared,
  range: { start: number; end: number },
  out: Float64Array,
): number {
  const speed = p.speed
  const first = range.start + 1
  const last = range.end - 1
  for (let i = first; i <= last; i++) {
    const v = speed[i]!
    out[i - first] = (v + (i > first ? speed[i - 1]! : v) + (i < last ? speed[i + 1]! : v)) / 3
  }
  return last - first + 1
}

/**
 * Speed peaks of a movement: local maxima of `v` (its first `length` values) standing at least 20% of
 * `top` (the movement's top speed) above the last trough. One clean sweep has one; each corrective
 * sub-movement adds one.
 */
export function speedPeaks(v: Float64Array, length: number, top: number): number {
  let peaks = 0
  let trough = v[0]!
  let rising = true
  for (let i = 1; i < length; i++) {
    if (rising && v[i]! < v[i - 1]! && v[i - 1]! - trough > 0.2 * top) {
      peaks++
      rising = false
      trough = v[i]!
    } else if (!rising && v[i]! > v[i - 1]!) rising = true
    if (v[i]! < trough) trough = v[i]!
  }
  return peaks
}
