/**
 * The geometry of single steps between frames. A hand's steps take every size and direction; a program
 * stepping along a line repeats one (dx, dy), walks in one-pixel or axis-aligned steps, or sends moves that
 * go nowhere. Measured on steps within strokes (no pause before them).
 */
import type { FeatureGroup } from '../feature.ts'
import { PAUSE_MS } from '../strokes.ts'

export const steps: FeatureGroup = {
  modality: 'pointer',
  names: ['zeroStepShare', 'unitStepShare', 'axisStepShare', 'logSameStepRun', 'distinctStepShare'],
  extract(p) {
    const { dt, dx, dy } = p
    const n = p.moves.length
    let count = 0
    let zero = 0
    let unit = 0
    let axis = 0
    let longer = 0
    let run = 0
    let longest = 0
    const seen = new Set<number>()
    for (let i = 1; i < n; i++) {
      if (dt[i]! > PAUSE_MS) {
        run = 0
        continue
      }
      const ax = Math.abs(dx[i]!)
      const ay = Math.abs(dy[i]!)
      count++
      if (ax === 0 && ay === 0) zero++
      else if (Math.max(ax, ay) === 1) unit++
      else {
        longer++
        if (ax === 0 || ay === 0) axis++
      }
      seen.add((dx[i]! + 4096) * 8192 + dy[i]! + 4096)
      run = i > 1 && dx[i] === dx[i - 1] && dy[i] === dy[i - 1] && (ax || ay) ? run + 1 : 0
      if (run > longest) longest = run
    }
    if (count < 5) return [NaN, NaN, NaN, NaN, NaN]
    return [
      zero / count,
      unit / count,
      longer ? axis / longer : NaN,
      Math.log(1 + longest),
      seen.size / count,
    ]
  },
}
