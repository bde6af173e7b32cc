/**
 * Path shape. People cannot draw a perfectly straight line, and their direction wanders continuously;
 * scripted paths are straight, or repeat the same step many times over.
 */
import type { FeatureGroup } from '../feature.ts'
import { angleBetween, median, medianInPlace, shapedStrokes } from '../strokes.ts'

export const path: FeatureGroup = {
  modality: 'pointer',
  names: ['straightness', 'collinearShare', 'repeatedStepShare', 'logTurn'],
  extract(p) {
    const strokes = shapedStrokes(p)
    if (strokes.length === 0) return [NaN, NaN, NaN, NaN]
    const straightness = median(strokes.map((s) => s.chord / Math.max(s.path, 1)))
    const { dx, dy, dir } = p
    let steps = 0
    let collinear = 0
    let repeated = 0
    const turns = p.scratch
    for (const s of strokes) {
      // the last step of at least 3 px (|dx| + |dy|) in this stroke, if any
      let last = -1
      for (let i = s.start + 1; i < s.end; i++) {
        if (Math.abs(dx[i]!) + Math.abs(dy[i]!) < 3) continue
        if (last >= 0) {
          const turn = angleBetween(dir[last]!, dir[i]!)
          turns[steps++] = turn
          if (turn < 0.02) collinear++
          if (dx[i] === dx[last] && dy[i] === dy[last]) repeated++
        }
        last = i
      }
    }
    if (steps === 0) return [straightness, NaN, NaN, NaN]
    return [straightness, collinear / steps, repeated / steps, Math.log(medianInPlace(turns, steps) + 0.001)]
  },
}
