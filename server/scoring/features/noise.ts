/**
 * Signal-dependent noise (Harris & Wolpert 1998): the motor commands of a hand are noisier the harder they
 * drive it, so a path wobbles more where it is fast. Generated paths add noise of one size everywhere, or
 * none, so the wobble does not grow with speed.
 */
import type { FeatureGroup } from '../feature.ts'
import { dist } from '../strokes.ts'

/** Fewer measured points than this and the coupling says nothing. */
const MIN_POINTS = 20

export const noise: FeatureGroup = {
  modality: 'pointer',
  names: ['noiseSpeedCoupling'],
  extract(p) {
    const { dx, dy, dt } = p
    // correlation of log wobble (distance of each point from the chord of its neighbours) with log speed
    let n = 0
    let sa = 0
    let sb = 0
    let saa = 0
    let sbb = 0
    let sab = 0
    for (const s of p.strokes) {
      for (let i = s.start + 1; i < s.end - 1; i++) {
        const cx = dx[i]! + dx[i + 1]!
        const cy = dy[i]! + dy[i + 1]!
        const span = dt[i]! + dt[i + 1]!
        const chord = dist(cx, cy)
        if (chord < 2 || span <= 0) continue
        const a = Math.log(Math.abs(cx * dy[i]! - cy * dx[i]!) / chord + 0.5)
        const b = Math.log(chord / span)
        n++
        sa += a
        sb += b
        saa += a * a
        sbb += b * b
        sab += a * b
      }
    }
    if (n < MIN_POINTS) return [NaN]
    const va = saa - (sa * sa) / n
    const vb = sbb - (sb * sb) / n
    return [va > 1e-9 && vb > 1e-9 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0]
  },
}
