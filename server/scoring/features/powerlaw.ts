/**
 * The two-thirds power law of human movement (Lacquaniti, Terzuolo & Viviani 1983): along a curved path a
 * hand slows down where the path bends, speed falling as curvature to the power -1/3. Paths from
 * generators follow a time profile that knows nothing of the bends (constant speed, eased parameter,
 * minimum jerk on a Bezier), so the coupling is missing or weak.
 */
import type { FeatureGroup } from '../feature.ts'
import { atan2 } from '../strokes.ts'

/** Fewer bent points than this and the slope says nothing. */
const MIN_POINTS = 12
/** Points that turn less than this (radians) are not bent. */
const MIN_TURN = 0.02

export const powerlaw: FeatureGroup = {
  modality: 'pointer',
  names: ['speedCurvatureSlope', 'speedCurvatureFit'],
  extract(p) {
    const { dx, dy, step, dt } = p
    // log curvature and log speed of each bent point, side by side: point i's at scratch[i], scratch[m + i]
    const scratch = p.scratch
    const m = p.n
    let n = 0
    let sk = 0
    let sv = 0
    for (const s of p.strokes) {
      for (let i = s.start + 1; i < s.end - 1; i++) {
        const la = step[i]!
        const lb = step[i + 1]!
        const span = dt[i]! + dt[i + 1]!
        if (la < 2 || lb < 2 || span <= 0) continue
        const cross = dx[i]! * dy[i + 1]! - dy[i]! * dx[i + 1]!
        const dot = dx[i]! * dx[i + 1]! + dy[i]! * dy[i + 1]!
        // atan(r) < r: a turn this small is under MIN_TURN without computing it
        if (dot > 0 && Math.abs(cross) < 0.99 * MIN_TURN * dot) continue
        const turn = Math.abs(atan2(cross, dot))
        if (turn < MIN_TURN) continue
        const k = Math.log(turn / ((la + lb) / 2))
        const v = Math.log((la + lb) / span)
        scratch[n] = k
        scratch[m + n] = v
        sk += k
        sv += v
        n++
      }
    }
    if (n < MIN_POINTS) return [NaN, NaN]
    const mk = sk / n
    const mv = sv / n
    let skk = 0
    let svv = 0
    let skv = 0
    for (let i = 0; i < n; i++) {
      const k = scratch[i]!
      const v = scratch[m + i]!
      skk += (k - mk) ** 2
      svv += (v - mv) ** 2
      skv += (k - mk) * (v - mv)
    }
    const slope = skk > 0 ? skv / skk : 0
    const r2 = skk > 0 && svv > 0 ? (skv * skv) / (skk * svv) : 0
    return [slope, r2]
  },
}
