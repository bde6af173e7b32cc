/**
 * The snippet's memory: normalised input events in bounded ring buffers, one per wire stream.
 * Pure (no DOM), so Node tools feed recorded traces through exactly the code the browser runs.
 * Times are whole ms since the snippet started; positions whole CSS px. Nothing is allocated
 * after creation: when a ring is full its oldest record is overwritten, so the most recent
 * activity — what leads up to the verify moment — is always kept.
 */
import type { StreamName } from '../shared/signals.ts'
import {
  ARITY,
  CAPS,
  type ButtonKind,
  type KeyClassIndex,
  type KeyKind,
  type PageKind,
  type PointerType,
  type ScrollKind,
} from './format.ts'

/** Moves closer than this to the previous kept move are held back; only the latest is kept. */
export const MIN_MOVE_GAP_MS = 8

/** Stored values stay within ±2^30 so that any difference of two still fits the wire bound (2^31 - 1). */
const LIMIT = 0x3fffffff

/** Rounds to a whole number within ±LIMIT; NaN and other junk become 0. */
export function quantise(v: number): number {
  v = Math.round(v)
  return v > LIMIT ? LIMIT : v < -LIMIT ? -LIMIT : v || 0
}

/** Fixed-arity integer records with absolute values; `head` is the slot the next record goes to. */
export interface Ring {
  readonly data: Int32Array
  readonly arity: number
  readonly cap: number
  size: number
  head: number
  /** time of the newest record: times within a stream never go back */
  last: number
}

export type Rings = { readonly [S in StreamName]: Ring }

export interface Recorder {
  readonly rings: Rings
  /** events observed in total (before caps and sampling) and those whose isTrusted was false */
  total: number
  untrusted: number
  /** counts one observed event */
  seen(trusted: boolean): void
  move(t: number, x: number, y: number): void
  button(t: number, kind: ButtonKind, x: number, y: number, pointer: PointerType): void
  key(t: number, kind: KeyKind, cls: KeyClassIndex): void
  scroll(t: number, kind: ScrollKind, value: number, mode: number): void
  page(t: number, kind: PageKind): void
  /** commits a held-back move, so the latest position is never lost */
  flush(): void
}

function ring(name: StreamName): Ring {
  return {
    data: new Int32Array(ARITY[name] * CAPS[name]),
    arity: ARITY[name],
    cap: CAPS[name],
    size: 0,
    head: 0,
    last: 0,
  }
}

/** Appends one record (unused trailing values ignored), overwriting the oldest when full. */
function put(r: Ring, t: number, a: number, b = 0, c = 0, d = 0): void {
  t = quantise(t)
  if (t < r.last) t = r.last
  r.last = t
  const o = r.head * r.arity
  const data = r.data
  data[o] = t
  data[o + 1] = quantise(a)
  if (r.arity > 2) data[o + 2] = quantise(b)
  if (r.arity > 3) data[o + 3] = quantise(c)
  if (r.arity > 4) data[o + 4] = quantise(d)
  r.head = (r.head + 1) % r.cap
  if (r.size < r.cap) r.size++
}

export function createRecorder(): Recorder {
  const rings: Rings = { m: ring('m'), b: ring('b'), k: ring('k'), s: ring('s'), e: ring('e') }
  // the latest move not yet committed because it came too soon after the previous kept one
  let held = false
  let heldT = 0
  let heldX = 0
  let heldY = 0
  let keptT = -Infinity
  const rec: Recorder = {
    rings,
    total: 0,
    untrusted: 0,
    seen(trusted) {
      rec.total++
      if (!trusted) rec.untrusted++
    },
    move(t, x, y) {
      if (t - keptT >= MIN_MOVE_GAP_MS) {
        held = false
        keptT = t
        put(rings.m, t, x, y)
      } else {
        held = true
        heldT = t
        heldX = x
        heldY = y
      }
    },
    button(t, kind, x, y, pointer) {
      rec.flush()
      put(rings.b, t, kind, x, y, pointer)
    },
    key(t, kind, cls) {
      put(rings.k, t, kind, cls)
    },
    scroll(t, kind, value, mode) {
      put(rings.s, t, kind, value, mode)
    },
    page(t, kind) {
      put(rings.e, t, kind)
    },
    flush() {
      if (!held) return
      held = false
      keptT = heldT
      put(rings.m, heldT, heldX, heldY)
    },
  }
  return rec
}

/** Calls `fn` with the offset of each stored record of `r` in `r.data`, oldest first. */
export function eachRecord(r: Ring, fn: (offset: number) => void): void {
  const first = r.size < r.cap ? 0 : r.head
  for (let i = 0; i < r.size; i++) fn(((first + i) % r.cap) * r.arity)
}
