/**
 * Presses. A finger holds a button for tens of milliseconds, never the same time twice, and people settle
 * on a target for a moment before pressing. Scripts press for a fixed time (often zero) the instant they
 * arrive.
 */
import type { FeatureGroup } from '../feature.ts'
import { median } from '../strokes.ts'

const DRAG_MS = 1000

export const clicks: FeatureGroup = {
  modality: 'pointer',
  names: ['logPress', 'pressSpread', 'logSettle'],
  extract(p) {
    const b = p.signals.buttons
    const presses: number[] = []
    const settles: number[] = []
    let down = -1
    let mi = 0
    for (const [t, kind] of b) {
      if (kind === 'down') {
        down = t
        while (mi < p.n && p.t[mi]! <= t) mi++
        const last = p.t[mi - 1]
        if (last !== undefined && t - last < 2000) settles.push(t - last)
      } else if (kind === 'up' && down >= 0) {
        // a press held for a second or more is a drag, not a click
        if (t - down < DRAG_MS) presses.push(t - down)
        down = -1
      }
    }
    const press = median(presses)
    const spread =
      presses.length >= 3 ? median(presses.map((d) => Math.abs(d - press))) / Math.max(press, 1) : NaN
    return [
      presses.length ? Math.log(press + 1) : NaN,
      spread,
      settles.length ? Math.log(median(settles) + 1) : NaN,
    ]
  },
}
