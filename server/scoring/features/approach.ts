/**
 * How the pointer arrives at each mouse press. A hand decelerates onto a target, stops for a varying moment
 * and presses where it stopped. A script arrives at speed or at a fixed pace, presses after a fixed delay,
 * or presses somewhere the pointer never went. Also how much of the movement is a drag (a button held),
 * which changes what the rest of the motion means. (Overshooting the target was measured and left out:
 * every generated family that overshoots does so on every reach, so the model learned that an overshoot
 * is a bot's, and held-out people who overshoot each time were blocked for it.)
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'

/** How far back from a press its approach is read, ms. */
const APPROACH_MS = 1000
const FINAL_MS = 100

export const approach: FeatureGroup = {
  modality: 'pointer',
  names: ['logSettleMin', 'settleSpread', 'logPressDistance', 'finalSpeedRatio', 'dragShare'],
  extract(p) {
    const { t, x, y, speed } = p
    const n = p.n
    const settles: number[] = []
    const distances: number[] = []
    const ratios: number[] = []
    let dragMoves = 0
    let mi = 0
    let heldSince = -1
    for (const [bt, kind, bx, by, pointer] of p.signals.buttons) {
      if (pointer !== 'mouse' || kind === 'click') continue
      while (mi < n && t[mi]! <= bt) mi++
      if (kind === 'up') {
        if (heldSince >= 0) dragMoves += mi - heldSince
        heldSince = -1
        continue
      }
      heldSince = mi
      const last = mi - 1
      if (last < 0 || bt - t[last]! > 2000) continue
      settles.push(bt - t[last]!)
      distances.push(Math.hypot(bx - x[last]!, by - y[last]!))
      // the approach: moves of the last second before the press
      let first = last
      while (first > 0 && t[last]! - t[first - 1]! <= APPROACH_MS) first--
      if (last - first < 4) continue
      let peak = 0
      let final = 0
      let finals = 0
      for (let i = first + 1; i <= last; i++) {
        peak = Math.max(peak, speed[i]!)
        if (t[last]! - t[i]! < FINAL_MS) {
          final += speed[i]!
          finals++
        }
      }
      if (peak > 0 && Math.hypot(bx - x[first]!, by - y[first]!) >= 20)
        ratios.push(finals ? final / finals / peak : 0)
    }
    if (heldSince >= 0) dragMoves += n - heldSince
    const settle = median(settles)
    return [
      settles.length ? Math.log(Math.min(...settles) + 1) : NaN,
      settles.length >= 3 ? median(settles.map((s) => Math.abs(s - settle))) / Math.max(settle, 1) : NaN,
      distances.length ? Math.log(median(distances) + 1) : NaN,
      ratios.length ? median(ratios) : NaN,
      n > 0 ? dragMoves / n : NaN,
    ]
  },
}
