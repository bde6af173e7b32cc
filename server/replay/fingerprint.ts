/**
 * Near-duplicate fingerprints of a payload's activity: the same recorded activity with small edits
 * (pixel or millisecond jitter, dropped, swapped or duplicated samples, scaling in space or time,
 * translation, re-encoding) gives many of the same bands, so a replay is found by an exact lookup of any
 * one of them, in the store, without keeping anything that could be read back.
 *
 * The activity is first put in a frame of its own: pointer positions relative to the path's centroid in
 * units of its RMS radius (translation and scaling in space drop out), times relative to the first event
 * in units of the span (scaling in time drops out). The pointer path is walked at a fixed step of that
 * frame, interpolating between samples, so how densely it was sampled (dropped, duplicated, swapped
 * samples) hardly matters; each step gives a feature, its cell and time slot. Each key gives its kind,
 * class and slot with the previous key's. A point or key within a pixel or two (a millisecond or two) of
 * an edge of its cell or slot is left out, so jitter cannot move it across. A MinHash of the feature set,
 * cut in BANDS bands of ROWS rows, gives BANDS hashes; two payloads whose feature sets have Jaccard
 * similarity J share at least one with chance 1 - (1 - J^ROWS)^BANDS: near 1 for an edited copy, near 0
 * for two people. Measured on recorded people by tools/replay-measure.ts (SECURITY.md has the figures).
 */
import { KEY_CLASSES, type Signals } from '../../shared/signals.ts'
import { createBandHasher } from './band-hash.ts'
import { addFeature, clearFeatures, foundFeatures } from './feature-scratch.ts'
import { simdMinHash } from './minhash-simd.ts'

/** Cells across the path's RMS radius. */
const CELLS_PER_RADIUS = 8
/** Time slots across the payload's span: for the pointer path, and for keys. */
const SLOTS = 48
const KEY_SLOTS = 128
/** Steps of the walk per cell. */
const STEPS_PER_CELL = 4
/** The smallest path (RMS radius, px) and span (ms) a fingerprint is taken of. */
export const MIN_RADIUS_PX = 10
/** The smallest cell (px): a smaller path is cut in fewer cells, so a pixel of jitter stays inside one. */
const MIN_CELL_PX = 8
export const MIN_SPAN_MS = 400
/** The fewest features a fingerprint is taken of: fewer, and two people's could be the same. */
export const MIN_FEATURES = 8
export const BANDS = 32
export const ROWS = 5
/**
 * Bands a payload must share with one earlier payload to be called its near duplicate. Two, not one: single
 * shared bands between two people do happen in ../shared/data, two together did not (measured in
 * tools/replay-measure.ts).
 */
export const NEAR_MATCHES = 2

/**
 * The MinHash rows' hash functions, h_i(f) = fmix((fmix(f) ^ A_i) + B_i), with A_i and B_i from a fixed
 * sequence so every instance computes the same bands. (One round, fmix(A_i * f + B_i), left the rows
 * correlated on features that differ in a few low bits: two people's keypad typing shared a band.)
 */
const ROW_A = new Int32Array(BANDS * ROWS)
const ROW_B = new Int32Array(BANDS * ROWS)
{
  let s = 0x6a09e667
  const next = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39) | 0)
  for (let i = 0; i < ROW_A.length; i++) {
    ROW_A[i] = next()
    ROW_B[i] = next()
  }
}

/** murmur3's 32-bit finaliser, signed */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** Edges: a point within EDGE_PX (or EDGE_SHARE of a cell) of a cell's edge, a key within EDGE_MS (or
 * EDGE_SHARE of a slot) of its slot's, is left out: a pixel or millisecond of jitter cannot move it across. */
const EDGE_PX = 1.5
const EDGE_MS = 1.5
const EDGE_SHARE = 0.05
const nearEdge = (v: number, margin: number) => {
  const f = v - Math.floor(v)
  return f < margin || f > 1 - margin
}

/** The moves in time order: as they are when they came so (the snippet sends them so), else sorted. */
function inTimeOrder(moves: Signals['moves']): Signals['moves'] {
  for (let i = 1; i < moves.length; i++)
    if (moves[i]![0] < moves[i - 1]![0]) return moves.slice().sort((p, q) => p[0] - q[0])
  return moves
}

/**
 * The features of a payload's activity, each a 31-bit integer, distinct; empty when there is too little.
 * The array is scratch memory: valid until the next call.
 */
export function features(signals: Signals): Int32Array {
  clearFeatures()
  const { moves, keys } = signals
  if (moves.length + keys.length === 0) return foundFeatures()
  let t0 = Infinity
  let t1 = -Infinity
  for (const stream of [moves, keys]) {
    for (let i = 0; i < stream.length; i++) {
      const t = stream[i]![0]
      if (t < t0) t0 = t
      if (t > t1) t1 = t
    }
  }
  const span = t1 - t0
  if (span < MIN_SPAN_MS) return foundFeatures()

  // the path in time order; its frame: the centroid and RMS radius of where it spent its time (each segment
  // weighted by its duration, so a duplicated sample weighs nothing, a dropped one little, and jitter
  // averages out; a bounding box would move with any one extreme sample, and weights by length with
  // jitter on slow stretches)
  const path = moves.length > 1 ? inTimeOrder(moves) : []
  let duration = 0
  let cx = 0
  let cy = 0
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!
    const b = path[i]!
    duration += b[0] - a[0]
    cx += ((b[0] - a[0]) * (a[1] + b[1])) / 2
    cy += ((b[0] - a[0]) * (a[2] + b[2])) / 2
  }
  if (duration > 0) {
    cx /= duration
    cy /= duration
    let spread = 0
    for (let i = 1; i < path.length; i++) {
      const a = path[i - 1]!
      const b = path[i]!
      spread += (b[0] - a[0]) * (((a[1] + b[1]) / 2 - cx) ** 2 + ((a[2] + b[2]) / 2 - cy) ** 2)
    }
    const radius = Math.sqrt(spread / duration)
    if (radius >= MIN_RADIUS_PX) {
      const cell = Math.max(radius / CELLS_PER_RADIUS, MIN_CELL_PX)
      const step = cell / STEPS_PER_CELL
      const margin = Math.max(EDGE_PX / cell, EDGE_SHARE)
      let last = -1
      // multiplied, not divided, at each of the thousands of steps (and the lengths below by sqrt, not
      // Math.hypot: the moves are integers, so the sum of squares is exact and sqrt rounds it as hypot
      // should); the same features as before on every recorded window (tools/replay-measure.ts's data)
      const perCell = 1 / cell
      const slotsPerMs = SLOTS / span
      // walk the path at a fixed step, carrying the remainder from one segment to the next (written out,
      // no closure per call: the walk runs hundreds of steps a payload)
      let carry = 0
      for (let i = 1; i < path.length; i++) {
        const a = path[i - 1]!
        const b = path[i]!
        const ta = a[0],
          xa = a[1],
          ya = a[2]
        const tb = b[0],
          xb = b[1],
          yb = b[2]
        const l = Math.sqrt((xb - xa) * (xb - xa) + (yb - ya) * (yb - ya))
        let d = step - carry
        for (; d <= l; d += step) {
          const f = d / l
          const u = (xa + f * (xb - xa) - cx) * perCell
          const v = (ya + f * (yb - ya) - cy) * perCell
          const w = (ta + f * (tb - ta) - t0) * slotsPerMs
          // a point this close to an edge of its cell or slot could be on either side after an edit: skipped
          if (nearEdge(u, margin) || nearEdge(v, margin) || nearEdge(w, EDGE_SHARE)) continue
          const gx = Math.max(-127, Math.min(127, Math.floor(u))) & 0xff
          const gy = Math.max(-127, Math.min(127, Math.floor(v))) & 0xff
          const feature = ((1 << 28) | (gx << 16) | (gy << 8) | Math.min(SLOTS - 1, Math.floor(w))) >>> 0
          // the walk's steps mostly stay in the cell and slot of the one before: no set lookup for those
          if (feature !== last) addFeature((last = feature))
        }
        carry = l - (d - step)
      }
    }
  }
  // keys: each with its kind and class, and the previous key's, and the time slots of both (typing the
  // same text, two people differ in rhythm by many slots; a key on the edge of its slot is left out)
  const keySlots: number[] = keys.map(([t]) => ((t - t0) / span) * KEY_SLOTS)
  const keyMargin = Math.max(EDGE_MS / (span / KEY_SLOTS), EDGE_SHARE)
  const code = (i: number) => KEY_CLASSES.indexOf(keys[i]![2]) * 2 + (keys[i]![1] === 'down' ? 0 : 1)
  for (let i = 1; i < keys.length; i++) {
    const w = keySlots[i]!
    const before = keySlots[i - 1]!
    if (nearEdge(w, keyMargin) || nearEdge(before, keyMargin)) continue
    const own = Math.min(KEY_SLOTS - 1, Math.floor(w))
    const prev = Math.min(KEY_SLOTS - 1, Math.floor(before))
    addFeature(((2 << 28) | (code(i - 1) << 24) | (code(i) << 20) | (prev << 10) | own) >>> 0)
  }
  return foundFeatures()
}

/**
 * Typing with no pointer path is framed by its first and last key, so a copy without one of them would be
 * framed anew and share nothing: such a payload is also remembered as it would be without its first or its
 * last key (under VIEW_KEYS keys; longer typing hardly moves when one key goes).
 */
const VIEW_KEYS = 160

/**
 * The band hashes of a payload (BANDS of them, or up to three times as many for short typing), or null
 * when it holds too little to tell people apart.
 */
export function fingerprintBands(signals: Signals): string[] | null {
  const own = bandsOf(signals)
  const { moves, keys } = signals
  if (moves.length >= 2 || keys.length < 3 || keys.length > VIEW_KEYS) return own
  const views = [
    own,
    bandsOf({ ...signals, keys: keys.slice(1) }),
    bandsOf({ ...signals, keys: keys.slice(0, -1) }),
  ]
  const all = new Set(views.flatMap((v) => v ?? []))
  return all.size > 0 ? [...all] : null
}

/** The rows four at a time in WebAssembly's SIMD lanes (minhash-simd.ts); null where there is none. */
const simd = simdMinHash(ROW_A, ROW_B)

/** Each feature's first mix (fmix), in memory reused from call to call. */
let mixedScratch = new Int32Array(512)

function minHash(features: Int32Array): Int32Array {
  // each feature mixed once; each row one more mix of that with its own constant
  const n = features.length
  if (mixedScratch.length < n) mixedScratch = new Int32Array(Math.max(n, mixedScratch.length * 2))
  const mixed = mixedScratch.subarray(0, n)
  for (let k = 0; k < n; k++) mixed[k] = fmix(features[k]!)
  if (simd) return simd(mixed)
  // fmix written out and kept in signed 32-bit integers throughout (`| 0` on the sum: V8 keeps the loop
  // in integer registers)
  const mins = new Int32Array(BANDS * ROWS)
  for (let i = 0; i < mins.length; i++) {
    const a = ROW_A[i]!
    const b = ROW_B[i]!
    let min = 0x7fffffff
    for (let j = 0; j < n; j++) {
      let h = ((mixed[j]! ^ a) + b) | 0
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
      h ^= h >>> 16
      if (h < min) min = h
    }
    mins[i] = min
  }
  return mins
}

/** Each band's hash, remembered for the bands last hashed (band-hash.ts). */
const bandHash = createBandHasher(BANDS, ROWS)

function bandsOf(signals: Signals): string[] | null {
  const distinct = features(signals)
  if (distinct.length < MIN_FEATURES) return null
  const mins = minHash(distinct)
  const bands: string[] = []
  for (let b = 0; b < BANDS; b++) bands.push(bandHash(b, mins))
  return bands
}
