/**
 * The geometry of single steps between frames. A hand's steps take every size and direction; a program
 * stepping along a line repeats one (dx, dy), walks in one-pixel or axis-aligned steps, or sends moves that
 * go nowhere. Measured on steps within strokes (no pause before them).
 */
import type { FeatureGroup } from '../feature.ts'
import { PAUSE_MS } from '../strokes.ts'

/**
 * An open-addressing set of (dx, dy) steps, reused between calls (a Set of numbers costs more than the rest).
 * It only grows: a smaller session uses the first part of it, so sessions of different sizes in turn do not
 * reallocate it each time.
 */
let keys = new Int32Array(1024)
let used = new Uint8Array(512)

/** An empty set with room for `n` steps: its size (a power of two), the first `size` slots of `used` cleared. */
function table(n: number): number {
  let size = 512
  while (size < 2 * n) size *= 2
  if (used.length < size) {
    used = new Uint8Array(size)
    keys = new Int32Array(2 * size)
  } else used.fill(0, 0, size)
  return size
}

/** Adds a step to the set of `size` slots; true when it was not there yet. Steps are whole px, so (dx, dy) is the key itself. */
function insert(size: number, dx: number, dy: number): boolean {
  const slots = used
  const mask = size - 1
  let h = (Math.imul(dx | 0, 73856093) ^ Math.imul(dy | 0, 19349663)) & mask
  while (slots[h]) {
    if (keys[2 * h] === dx && keys[2 * h + 1] === dy) return false
    h = (h + 1) & mask
  }
  slots[h] = 1
  keys[2 * h] = dx
  keys[2 * h + 1] = dy
  return true
}

export const steps: FeatureGroup = {
  modality: 'pointer',
  names: ['zeroStepShare', 'unitStepShare', 'axisStepShare', 'logSameStepRun', 'distinctStepShare'],
  extract(p) {
    const { dt, dx, dy } = p
    const n = p.n
    let count = 0
    let zero = 0
    let unit = 0
    let axis = 0
    let longer = 0
    let run = 0
    let longest = 0
    let distinct = 0
    const size = table(n)
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
      if (insert(size, dx[i]!, dy[i]!)) distinct++
      run = i > 1 && dx[i] === dx[i - 1] && dy[i] === dy[i - 1] && (ax || ay) ? run + 1 : 0
      if (run > longest) longest = run
    }
    if (count < 5) return [NaN, NaN, NaN, NaN, NaN]
    return [zero / count, unit / count, longer ? axis / longer : NaN, Math.log(1 + longest), distinct / count]
  },
}
