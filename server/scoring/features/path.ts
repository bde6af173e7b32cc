/**
 * Path shape. People cannot draw a perfectly straight line, and their direction wanders continuously;
 * scripted paths are straight, or repeat the same step many times over.
 */
import type { FeatureGroup } from '../feature.ts'
import { median, shapedStrokes } from '../strokes.ts'

export const path: FeatureGroup = {
  modality: 'pointer',
  names: ['straightness', 'collinearShare', 'repeatedStepShare', 'logTurn'],
  extract(p) {
    const strokes = shapedStrokes(p)
    if (strokes.length === 0) return [NaN, NaN, NaN, NaN]
    const straightness = median(strokes.map((s) => s.chord / Math.max(s.path, 1)))
    let steps = 0
    let collinear = 0
    let repeated = 0
    const turns: number[] = []
    for (const s of strokes) {
      let pdx = 0
      let pdy = 0
      for (let i = s.start + 1; i < s.end; i++) {
        const dx = p.moves[i]![1] - p.moves[i - 1]![1]
        const dy = p.moves[i]![2] - p.moves[i - 1]![2]
        if (Math.abs(dx) + Math.abs(dy) < 3) continue
        if (pdx !== 0 || pdy !== 0) {
          steps++
          const cross = pdx * dy - pdy * dx
          const dot = pdx * dx + pdy * dy
          const turn = Math.abs(Math.atan2(cross, dot))
          turns.push(turn)
          if (turn < 0.02) collinear++
          if (dx === pdx && dy === pdy) repeated++
        }
        pdx = dx
        pdy = dy
      }
    }
    if (steps === 0) return [straightness, NaN, NaN, NaN]
    return [straightness, collinear / steps, repeated / steps, Math.log(median(turns) + 0.001)]
  },
}
