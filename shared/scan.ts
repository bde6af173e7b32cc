/**
 * A fast reader for the exact text the snippet writes (snippet/encode.ts):
 * `{"v":1,"c":{"w":…,"h":…,"a":…,"u":…,"n":…,"d":…}` then `,"m":[…]` for each stream present, whole
 * numbers only, no spaces, and the proof of work the snippet may append, `,"p":{"c":"…","n":…}` (a
 * challenge of printable ASCII without quotes or backslashes, a count of at most 15 digits). For such a text it returns what JSON.parse would, in about half the time; for
 * any other text (spaces, other keys or key order, a stream twice, fractions, exponents, -0, leading
 * zeros, a stream number beyond 32 bits, anything not ASCII) it returns null, and the caller uses JSON.parse.
 */

/** Global in browsers and Node; declared here because shared/ is compiled without DOM or Node types. */
declare const TextEncoder: new () => {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number }
}

export interface ScannedWire {
  v: number
  c: Record<(typeof CONTEXT_KEYS)[number], number>
  m?: number[]
  b?: number[]
  k?: number[]
  s?: number[]
  e?: number[]
  p?: { c: string; n: number }
}

const CONTEXT_KEYS = ['w', 'h', 'a', 'u', 'n', 'd'] as const
/** `"w":`, `,"h":`, …: the context as the snippet writes it */
const CONTEXT_TEXT = CONTEXT_KEYS.map((key, k) => `${k ? ',' : ''}"${key}":`)
const STREAM_KEYS = ['m', 'b', 'k', 's', 'e'] as const
type StreamKey = (typeof STREAM_KEYS)[number]

const QUOTE = 34
const COMMA = 44
const MINUS = 45
const ZERO = 48
const NINE = 57
const COLON = 58
const OPEN = 91
const CLOSE = 93
const CLOSE_OBJECT = 125
/** More digits than this and the number is left to JSON.parse (10 digits are exact in a double). */
const MAX_DIGITS = 10
/** Stream numbers are kept as 32-bit integers (so the lists hold small integers, as JSON.parse makes them). */
const INT32_MAX = 2_147_483_647

const encoder = new TextEncoder()
/** The text's bytes, then a 0 that ends every number and matches no structure. Reused between calls. */
let bytes = new Uint8Array(4096)
/** The numbers of the stream being read. Reused between calls; each stream's list is a slice of it. */
const numbers: number[] = []
/** Where the last number read by `int` ended. */
let end = 0

/** Digits of a proof's count: up to 15 are exact in a double, so JSON.parse reads the same number. */
const MAX_COUNT_DIGITS = 15
const BACKSLASH = 92

/** The number at bytes[at] in canonical form, ending at `end`; NaN if there is none (or over `digits` long). */
function int(at: number, digits = MAX_DIGITS): number {
  const b = bytes
  let i = at
  let ch = b[i]!
  const negative = ch === MINUS
  if (negative) ch = b[++i]!
  if (ch === ZERO) {
    ch = b[++i]!
    end = i
    return negative || (ch >= ZERO && ch <= NINE) ? NaN : 0
  }
  if (!(ch > ZERO && ch <= NINE)) return NaN
  const first = i
  let value = ch - ZERO
  for (ch = b[++i]!; ch >= ZERO && ch <= NINE; ch = b[++i]!) value = value * 10 + (ch - ZERO)
  end = i
  if (i - first > digits) return NaN
  return negative ? -value : value
}

/**
 * The proof at bytes[at] (just after `"p":`) as JSON.parse reads it, `{"c":"…","n":…}`, ending at `end`; null
 * for any other text.
 */
function proof(text: string, at: number): ScannedWire['p'] | null {
  const b = bytes
  if (!text.startsWith('{"c":"', at)) return null
  const first = at + 6
  let i = first
  // printable ASCII but the quote and the backslash: the string is its characters, no escapes
  for (let ch = b[i]!; ch !== QUOTE; ch = b[++i]!) if (ch < 32 || ch > 126 || ch === BACKSLASH) return null
  const c = text.slice(first, i)
  if (!text.startsWith('","n":', i)) return null
  const n = int(i + 6, MAX_COUNT_DIGITS)
  if (Number.isNaN(n) || b[end] !== CLOSE_OBJECT) return null
  end++
  return { c, n }
}

export function scanCanonical(text: string): ScannedWire | null {
  const length = text.length
  if (bytes.length <= length) bytes = new Uint8Array(2 * length + 1)
  const { read, written } = encoder.encodeInto(text, bytes)
  if (read !== length || written !== length) return null // not ASCII
  const b = bytes
  const values = numbers
  b[length] = 0

  const head = '{"v":'
  if (!text.startsWith(head)) return null
  const v = int(head.length)
  let i = end
  if (Number.isNaN(v) || !text.startsWith(',"c":{', i)) return null
  i += 6
  const c = {} as ScannedWire['c']
  for (let k = 0; k < CONTEXT_KEYS.length; k++) {
    const key = CONTEXT_TEXT[k]!
    if (!text.startsWith(key, i)) return null
    const value = int(i + key.length)
    if (Number.isNaN(value)) return null
    c[CONTEXT_KEYS[k]!] = value
    i = end
  }
  if (b[i++] !== CLOSE_OBJECT) return null
  const out: ScannedWire = { v, c }
  while (b[i] === COMMA) {
    if (text.startsWith(',"p":{', i) && !out.p) {
      const p = proof(text, i + 5)
      if (!p) return null
      out.p = p
      i = end
      continue
    }
    // ,"x":[
    const key = text[i + 2] as StreamKey
    if (
      b[i + 1] !== QUOTE ||
      b[i + 3] !== QUOTE ||
      b[i + 4] !== COLON ||
      b[i + 5] !== OPEN ||
      !STREAM_KEYS.includes(key) ||
      out[key] !== undefined
    )
      return null
    i += 6
    let count = 0
    if (b[i] !== CLOSE) {
      // as `int`, inlined: this loop reads almost every byte of the text
      for (;;) {
        let ch = b[i]!
        const negative = ch === MINUS
        if (negative) ch = b[++i]!
        let value = 0
        if (ch === ZERO) {
          ch = b[++i]!
          if (negative || (ch >= ZERO && ch <= NINE)) return null
        } else {
          if (!(ch > ZERO && ch <= NINE)) return null
          const first = i
          value = ch - ZERO
          for (ch = b[++i]!; ch >= ZERO && ch <= NINE; ch = b[++i]!) value = value * 10 + (ch - ZERO)
          if (i - first > MAX_DIGITS || value > INT32_MAX) return null
          if (negative) value = -value
        }
        values[count++] = value
        if (ch === CLOSE) break
        if (ch !== COMMA) return null
        i++
      }
    }
    i++ // ]
    out[key] = values.slice(0, count)
  }
  return b[i] === CLOSE_OBJECT && i === length - 1 ? out : null
}
