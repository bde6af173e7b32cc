/** Decoded signals back to the wire format (shared/signals.ts), as an attacker re-encoding a payload would. */
import {
  BUTTON_KINDS,
  KEY_CLASSES,
  KEY_KINDS,
  PAGE_KINDS,
  POINTER_TYPES,
  SCROLL_KINDS,
  SIGNALS_VERSION,
  type Signals,
} from '../../shared/signals.ts'

/** Each record's time (and a move's position) as a delta from the previous record of its stream. */
function deltas<T extends readonly unknown[]>(
  records: readonly T[],
  fields: (r: T) => number[],
  relative: number,
) {
  const out: number[] = []
  let prev: number[] = []
  for (const r of records) {
    const values = fields(r)
    out.push(...values.map((v, i) => (i < relative ? v - (prev[i] ?? 0) : v)))
    prev = values
  }
  return out
}

export function encodeSignals(s: Signals): string {
  const times = [s.moves, s.buttons, s.keys, s.scrolls, s.page].flatMap((stream) => stream.map((r) => r[0]))
  return JSON.stringify({
    v: SIGNALS_VERSION,
    c: { ...s.context, d: Math.max(s.context.d, ...times) },
    m: deltas(s.moves, (m) => [...m], 3),
    b: deltas(
      s.buttons,
      ([t, kind, x, y, p]) => [t, BUTTON_KINDS.indexOf(kind), x, y, POINTER_TYPES.indexOf(p)],
      1,
    ),
    k: deltas(s.keys, ([t, kind, cls]) => [t, KEY_KINDS.indexOf(kind), KEY_CLASSES.indexOf(cls)], 1),
    s: deltas(s.scrolls, ([t, kind, v, mode]) => [t, SCROLL_KINDS.indexOf(kind), v, mode], 1),
    e: deltas(s.page, ([t, kind]) => [t, PAGE_KINDS.indexOf(kind)], 1),
  })
}
