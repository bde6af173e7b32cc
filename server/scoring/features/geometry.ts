/**
 * Path geometry by arc length: each stroke walked in equal pieces (8 px or more), whatever clock sampled it, and the
 * turn from one piece to the next. A hand's path bends now one way, now the other, in small corrections
 * along the way; a library's curve bends smoothly one way per movement (a Bezier, a spline, a minimum-jerk
 * arc), and its added noise is either too fine to survive the pieces or jerks sharply. Measured by
 * length, not by time, so a curve resampled to any frame rate reads the same.
 */
import type { FeatureGroup } from '../feature.ts'
import { shapedStrokes } from '../strokes.ts'

/**
 * The length of one piece, px: 8, or twice the stroke's chord per step where that is longer (a fast
 * movement at 60 Hz), so that pieces do not lie inside one straight step between two samples.
 */
const PIECE = 8
/** A turn under 0.05 rad has no side: it neither counts as a flip nor breaks a run of one side. */
const SIN_SIDELESS = Math.sin(0.05)
/** Sharp: more than 60 degrees; tiny: under 0.02 rad. */
const COS_SHARP = Math.cos(Math.PI / 3)
const SIN_TINY = Math.sin(0.02)

export const geometry: FeatureGroup = {
  modality: 'pointer',
  names: ['arcSharpShare', 'arcTinyShare', 'arcFlipRate'],
  extract(p) {
    const { x, y } = p
    let turns = 0
    let sharp = 0
    let tiny = 0
    let flips = 0
    let length = 0
    for (const s of shapedStrokes(p)) {
      const piece = Math.max(PIECE, (2 * s.chord) / (s.end - s.start - 1))
      const piece2 = piece * piece
      // the walk: the last piece's end (ax, ay), the last piece (hx, hy; 0 before the first) and side.
      // Every piece is `piece` long, so a turn is read from the cross and dot products of two pieces
      // against piece^2 (its sine and cosine), with no angle computed
      let ax = x[s.start]!
      let ay = y[s.start]!
      let hx = 0
      let hy = 0
      let side = 0
      for (let i = s.start + 1; i < s.end; i++) {
        let fx = x[i - 1]!
        let fy = y[i - 1]!
        const tx = x[i]!
        const ty = y[i]!
        for (;;) {
          // where the segment (fx, fy) -> (tx, ty) is `piece` from (ax, ay), if it gets that far
          const ux = tx - fx
          const uy = ty - fy
          const seg = Math.sqrt(ux * ux + uy * uy)
          if (seg === 0) break
          const wx = fx - ax
          const wy = fy - ay
          const b = (ux * wx + uy * wy) / seg
          const disc = b * b - (wx * wx + wy * wy - piece2)
          if (disc < 0) break
          const k = Math.sqrt(disc) - b
          if (k > seg || k < 0) break
          const nx = fx + (ux * k) / seg
          const ny = fy + (uy * k) / seg
          const vx = nx - ax
          const vy = ny - ay
          if (hx !== 0 || hy !== 0) {
            const cross = (hx * vy - hy * vx) / piece2
            const dot = (hx * vx + hy * vy) / piece2
            turns++
            if (dot < COS_SHARP) sharp++
            if (dot > 0 && Math.abs(cross) < SIN_TINY) tiny++
            if (dot < 0 || Math.abs(cross) >= SIN_SIDELESS) {
              const now = cross > 0 ? 1 : -1
              if (side !== 0 && now !== side) flips++
              side = now
            }
          }
          hx = vx
          hy = vy
          length += piece
          ax = fx = nx
          ay = fy = ny
        }
      }
    }
    if (turns < 5) return [NaN, NaN, NaN]
    return [sharp / turns, tiny / turns, (100 * flips) / length]
  },
}
