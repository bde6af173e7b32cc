/**
 * The two-thirds power law of human movement (Lacquaniti, Terzuolo & Viviani 1983): along a curved path a
 * hand slows down where the path bends, speed falling as curvature to the power -1/3. Paths from
 * generators follow a time profile that knows nothing of the bends (constant speed, eased parameter,
 * minimum jerk on a Bezier), so the coupling is missing or weak.
 */
import type { FeatureGroup } from '../feature.ts'

/** Fewer bent points than this and the slope says nothing. */
const MIN_POINTS = 12

export const powerlaw: FeatureGroup = {
  modality: 'pointer',
  names: ['speedCurvatureSlope', 'speedCurvatureFit'],
  extract(p) {
    const lk: number[] = []
    const lv: number[] = []
    const m = p.moves
    for (const s of p.strokes) {
      for (let i = s.start + 1; i < s.end - 1; i++) {
        const [t0, x0, y0] = m[i - 1]!
        const [, x1, y1] = m[i]!
        const [t2, x2, y2] = m[i + 1]!
        const ax = x1 - x0
        const ay = y1 - y0
        const bx = x2 - x1
        const by = y2 - y1
        const la = p.step[i]!
        const lb = p.step[i + 1]!
        if (la < 2 || lb < 2 || t2 <= t0) continue
        const turn = Math.abs(Math.atan2(ax * by - ay * bx, ax * bx + ay * by))
        if (turn < 0.02) continue
        lk.push(Math.log(turn / ((la + lb) / 2)))
        lv.push(Math.log((la + lb) / (t2 - t0)))
      }
    }
    if (lk.length < MIN_POINTS) return [NaN, NaN]
    const n = lk.length
    const mk = lk.reduce((a, b) => a + b, 0) / n
    const mv = lv.reduce((a, b) => a + b, 0) / n
    let skk = 0
    let svv = 0
    let skv = 0
    for (let i = 0; i < n; i++) {
      skk += (lk[i]! - mk) ** 2
      svv += (lv[i]! - mv) ** 2
      skv += (lk[i]! - mk) * (lv[i]! - mv)
    }
    const slope = skk > 0 ? skv / skk : 0
    const r2 = skk > 0 && svv > 0 ? (skv * skv) / (skk * svv) : 0
    return [slope, r2]
  },
}
