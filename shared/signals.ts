/**
 * The signals wire format, version 1: what the snippet sends and the server decodes.
 * Documented in docs/signals.md. The snippet imports only the *types* from here.
 *
 * The payload is a JSON object of flat integer streams. Each stream is a list of fixed-arity
 * records flattened into one array. In every record the first number is the time in whole
 * milliseconds since the previous record of the same stream (the first record: since the
 * snippet started). Pointer moves are delta-encoded in position too; all other positions are
 * absolute viewport CSS pixels.
 */
import { z } from 'zod'
import { scanCanonical, type ScannedWire } from './scan.ts'

export const SIGNALS_VERSION = 1
/** Upper bound on the encoded string, in UTF-16 code units (all ASCII, so also bytes). */
export const MAX_SIGNALS_LENGTH = 32_768

export const KEY_CLASSES = [
  'letter',
  'digit',
  'space',
  'backspace',
  'enter',
  'modifier',
  'navigation',
  'other',
] as const
export type KeyClass = (typeof KEY_CLASSES)[number]

export const POINTER_TYPES = ['mouse', 'touch', 'pen'] as const
export type PointerKind = (typeof POINTER_TYPES)[number]

export const BUTTON_KINDS = ['down', 'up', 'click'] as const
export const KEY_KINDS = ['down', 'up'] as const
export const SCROLL_KINDS = ['wheel', 'scroll'] as const
export const PAGE_KINDS = ['focus', 'blur', 'visible', 'hidden', 'paste', 'resize'] as const
export type PageKind = (typeof PAGE_KINDS)[number]

/** Record layout and record cap of each stream. */
export const STREAMS = {
  /** pointer moves: [dt, dx, dy] */
  m: { arity: 3, maxRecords: 2400 },
  /** pointer buttons: [dt, kind (BUTTON_KINDS index), x, y, pointer (POINTER_TYPES index)] */
  b: { arity: 5, maxRecords: 300 },
  /** keys: [dt, kind (KEY_KINDS index), class (KEY_CLASSES index)] */
  k: { arity: 3, maxRecords: 1000 },
  /** scrolling: [dt, kind (SCROLL_KINDS index), value (wheel deltaY or scrollY, px), deltaMode] */
  s: { arity: 4, maxRecords: 400 },
  /** page events: [dt, kind (PAGE_KINDS index)] */
  e: { arity: 2, maxRecords: 100 },
} as const
export type StreamName = keyof typeof STREAMS
const STREAM_NAMES = Object.keys(STREAMS) as StreamName[]

/** Largest magnitude of any number in a stream (positions, deltas, times in ms). */
export const MAX_STREAM_VALUE = 2_147_483_647

/** Automation markers, as bits of `c.a`. Only markers without known false positives on people. */
export const AUTOMATION_MARKERS = {
  /** navigator.webdriver is true */
  webdriver: 1,
  /** window globals left behind by Selenium, PhantomJS, Nightmare and similar drivers */
  driverGlobals: 2,
  /** a headless browser's user agent (HeadlessChrome) */
  headlessAgent: 4,
} as const

function intStream(name: StreamName) {
  const { arity, maxRecords } = STREAMS[name]
  return z.custom<number[]>(
    (value) => {
      if (!Array.isArray(value) || value.length % arity !== 0 || value.length > arity * maxRecords) {
        return false
      }
      for (let i = 0; i < value.length; i++) {
        const n: unknown = value[i]
        if (typeof n !== 'number' || !Number.isInteger(n) || n > MAX_STREAM_VALUE || n < -MAX_STREAM_VALUE) {
          return false
        }
      }
      // time deltas never go back
      for (let i = 0; i < value.length; i += arity) if ((value[i] as number) < 0) return false
      return true
    },
    {
      message: `signals.${name} must be a list of at most ${maxRecords} records of ${arity} integers, times never negative`,
    },
  )
}

const count = z.number().int().min(0).max(MAX_STREAM_VALUE)

export const signalsContextSchema = z.object({
  /** viewport width and height in CSS px */
  w: z.number().int().min(0).max(100_000),
  h: z.number().int().min(0).max(100_000),
  /** AUTOMATION_MARKERS bits */
  a: z.number().int().min(0).max(255),
  /** events observed whose isTrusted was false */
  u: count,
  /** events observed in total, before caps and sampling */
  n: count,
  /** ms from snippet start to the moment of encoding; no event may be later */
  d: count,
})

/** The snippet's proof of work (server/challenge/service.ts): the challenge it was given and its solution. */
export const proofSchema = z.strictObject({
  c: z.string().max(128),
  n: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
})
export type Proof = z.infer<typeof proofSchema>

export const signalsWireSchema = z.object({
  v: z.literal(SIGNALS_VERSION),
  c: signalsContextSchema,
  /** the proof of work, when the snippet had solved one */
  p: proofSchema.optional(),
  m: intStream('m').default([]),
  b: intStream('b').default([]),
  k: intStream('k').default([]),
  s: intStream('s').default([]),
  e: intStream('e').default([]),
})

export type SignalsWire = z.input<typeof signalsWireSchema>
/** A wire `expand` reads: the schema's output, or a scanned text `canonical` accepted. */
type Wire = Omit<ScannedWire, 'c' | 'p'> & { c: SignalsContext; p?: Proof | undefined }
export type SignalsContext = z.infer<typeof signalsContextSchema>

/** Decoded samples: absolute times (ms since snippet start) and absolute positions. */
export type MoveSample = [t: number, x: number, y: number]
export type ButtonSample = [
  t: number,
  kind: (typeof BUTTON_KINDS)[number],
  x: number,
  y: number,
  pointer: PointerKind,
]
export type KeySample = [t: number, kind: (typeof KEY_KINDS)[number], cls: KeyClass]
export type ScrollSample = [t: number, kind: (typeof SCROLL_KINDS)[number], value: number, mode: number]
export type PageSample = [t: number, kind: PageKind]

export interface Signals {
  context: SignalsContext
  /** the proof of work, when the payload carried one */
  proof?: Proof
  moves: MoveSample[]
  buttons: ButtonSample[]
  keys: KeySample[]
  scrolls: ScrollSample[]
  page: PageSample[]
}

export type DecodeResult = { ok: true; signals: Signals } | { ok: false; message: string }

/** Parses the `signals` string of a verify call. Never throws; the message names the problem. */
export function decodeSignals(encoded: string): DecodeResult {
  if (encoded.length > MAX_SIGNALS_LENGTH) {
    return { ok: false, message: `signals is longer than ${MAX_SIGNALS_LENGTH} characters` }
  }
  // the text as the snippet writes it is read without JSON.parse, to the same value (shared/scan.ts)
  const scanned = scanCanonical(encoded)
  // and, when it is valid, expanded without zod: `canonical` checks what the schema does, so the
  // samples are the same; anything it would refuse goes the schema's way, for the schema's message
  const fast = scanned && canonical(scanned) ? expand(scanned) : null
  if (fast) return { ok: true, signals: fast }
  let raw: unknown = scanned
  if (raw === null) {
    try {
      raw = JSON.parse(encoded)
    } catch {
      return { ok: false, message: 'signals is not valid JSON' }
    }
  }
  const parsed = signalsWireSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path.length ? `signals.${issue.path.join('.')}` : 'signals'
    if (issue?.code === 'custom') return { ok: false, message: issue.message }
    if (issue?.path[0] === 'v') return { ok: false, message: `signals.v must be ${SIGNALS_VERSION}` }
    return { ok: false, message: `${path} is invalid` }
  }
  const wire = parsed.data
  const enumIssue = checkEnums(wire)
  if (enumIssue) return { ok: false, message: enumIssue }
  return { ok: true, signals: expand(wire)! }
}

const CONTEXT_MAX = {
  w: 100_000,
  h: 100_000,
  a: 255,
  u: MAX_STREAM_VALUE,
  n: MAX_STREAM_VALUE,
  d: MAX_STREAM_VALUE,
}

/** CONTEXT_MAX's entries, listed once rather than on every call. */
const CONTEXT_RANGES = Object.entries(CONTEXT_MAX) as [keyof typeof CONTEXT_MAX, number][]

/**
 * What signalsWireSchema checks of a scanned text but `expand` does not: the version, the context's
 * ranges, the proof's, and each stream's record count. (Its numbers are integers within 32 bits, which is
 * MAX_STREAM_VALUE either way, or scanCanonical would not have read it; `expand` checks times and kinds.)
 */
function canonical(wire: ScannedWire): boolean {
  if (wire.v !== SIGNALS_VERSION) return false
  for (const [key, max] of CONTEXT_RANGES) {
    const v = wire.c[key]
    if (!(v >= 0 && v <= max)) return false
  }
  const p = wire.p
  if (p && !(p.c.length <= 128 && p.n >= 0 && p.n <= Number.MAX_SAFE_INTEGER)) return false
  for (const name of STREAM_NAMES) {
    const values = wire[name]
    const { arity, maxRecords } = STREAMS[name]
    if (values && (values.length % arity !== 0 || values.length > arity * maxRecords)) return false
  }
  return true
}

function checkEnums(wire: z.infer<typeof signalsWireSchema>): string | null {
  const inRange = (values: number[], arity: number, field: number, size: number) => {
    for (let i = field; i < values.length; i += arity) {
      const v = values[i]!
      if (v < 0 || v >= size) return false
    }
    return true
  }
  if (!inRange(wire.b, 5, 1, BUTTON_KINDS.length) || !inRange(wire.b, 5, 4, POINTER_TYPES.length)) {
    return 'signals.b has an unknown button kind or pointer type'
  }
  if (!inRange(wire.k, 3, 1, KEY_KINDS.length) || !inRange(wire.k, 3, 2, KEY_CLASSES.length)) {
    return 'signals.k has an unknown key kind or class'
  }
  if (!inRange(wire.s, 4, 1, SCROLL_KINDS.length) || !inRange(wire.s, 4, 3, 3)) {
    return 'signals.s has an unknown scroll kind or delta mode'
  }
  if (!inRange(wire.e, 2, 1, PAGE_KINDS.length)) return 'signals.e has an unknown page event kind'
  return null
}

/** Kinds by index; undefined for an index out of range. */
const kind = <T>(kinds: readonly T[], index: number): T | undefined => kinds[index]

/**
 * The samples of a wire whose streams are whole records of integers, or null when a time goes back or
 * a kind or delta mode is unknown (the schema and checkEnums refuse those).
 */
function expand(wire: Wire): Signals | null {
  const [m, b, k, s, e] = [wire.m ?? [], wire.b ?? [], wire.k ?? [], wire.s ?? [], wire.e ?? []]
  // sized up front: the moves are most of a payload, and a list grown by push is copied as it grows
  const moves = new Array<MoveSample>(m.length / 3)
  for (let i = 0, j = 0, t = 0, x = 0, y = 0; i < m.length; i += 3) {
    if (m[i]! < 0) return null
    t += m[i]!
    x += m[i + 1]!
    y += m[i + 2]!
    moves[j++] = [t, x, y]
  }
  const buttons: ButtonSample[] = []
  for (let i = 0, t = 0; i < b.length; i += 5) {
    const [kinds, pointer] = [kind(BUTTON_KINDS, b[i + 1]!), kind(POINTER_TYPES, b[i + 4]!)]
    if (b[i]! < 0 || !kinds || !pointer) return null
    t += b[i]!
    buttons.push([t, kinds, b[i + 2]!, b[i + 3]!, pointer])
  }
  const keys: KeySample[] = []
  for (let i = 0, t = 0; i < k.length; i += 3) {
    const [kinds, cls] = [kind(KEY_KINDS, k[i + 1]!), kind(KEY_CLASSES, k[i + 2]!)]
    if (k[i]! < 0 || !kinds || !cls) return null
    t += k[i]!
    keys.push([t, kinds, cls])
  }
  const scrolls: ScrollSample[] = []
  for (let i = 0, t = 0; i < s.length; i += 4) {
    const kinds = kind(SCROLL_KINDS, s[i + 1]!)
    if (s[i]! < 0 || !kinds || !(s[i + 3]! >= 0 && s[i + 3]! < 3)) return null
    t += s[i]!
    scrolls.push([t, kinds, s[i + 2]!, s[i + 3]!])
  }
  const page: PageSample[] = []
  for (let i = 0, t = 0; i < e.length; i += 2) {
    const kinds = kind(PAGE_KINDS, e[i + 1]!)
    if (e[i]! < 0 || !kinds) return null
    t += e[i]!
    page.push([t, kinds])
  }
  // two literals rather than a spread of the proof: a spread copies property by property
  return wire.p
    ? { context: wire.c, proof: wire.p, moves, buttons, keys, scrolls, page }
    : { context: wire.c, moves, buttons, keys, scrolls, page }
}
