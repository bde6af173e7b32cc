/**
 * fingerprint.ts's MinHash rows four at a time in WebAssembly's 128-bit lanes: the same mixes
 * (h = fmix((f ^ A) + B), murmur3's finaliser in 32-bit integers, `i32x4.mul` being Math.imul) and the
 * same signed minimum, so the same rows as the plain loop, in a quarter of the instructions. The module
 * is written out below, opcode by opcode (https://webassembly.github.io/spec/core/binary/); null where
 * WebAssembly's SIMD is not there, and fingerprint.ts then runs the plain loop.
 *
 * Memory: A (`rows` i32) at 0, B after it, the minima after B, the features' first mixes after those.
 */

/** The few of WebAssembly's globals used here (the server's lib, ES2022 without the DOM, has no types). */
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: Record<string, unknown> }
}
interface Memory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

/** unsigned LEB128 */
const uleb = (n: number): number[] => {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}
/** signed LEB128 of a 32-bit integer */
const sleb = (n: number): number[] => {
  const out: number[] = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte]
    out.push(byte | 0x80)
  }
}
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()]
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body]
const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))]

// instructions
const I32 = 0x7f
const V128 = 0x7b
const get = (l: number) => [0x20, ...uleb(l)]
const set = (l: number) => [0x21, ...uleb(l)]
const i32 = (n: number) => [0x41, ...sleb(n)]
const simd = (op: number) => [0xfd, ...uleb(op)]
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)]
const i32Load = [0x28, ...memarg(2, 0)]
const v128Load = (offset: number) => [...simd(0x00), ...memarg(4, offset)]
const v128Store = (offset: number) => [...simd(0x0b), ...memarg(4, offset)]
const splat = (n: number) => [...i32(n), ...simd(0x11)]
const xor = simd(0x51)
const add = simd(0xae)
const mul = simd(0xb5)
const shrU = simd(0xad)
const minS = simd(0xb6)
const i32Add = [0x6a]
const i32GeU = [0x4f]
const i32LtU = [0x49]

/** Row vectors (four rows each) that one pass over the features mixes: independent chains the CPU overlaps. */
const unrollFor = (rows: number) => [4, 2, 1].find((u) => rows % (4 * u) === 0)!

/** the module of `rows` rows (a multiple of four) */
function module(rows: number): Uint8Array {
  const bytesA = 0
  const bytesB = rows * 4
  const bytesMin = rows * 8
  const bytesMixed = rows * 12
  const unroll = unrollFor(rows)
  // (func (param $n i32)) locals: 1 $i, 2 $p, 3 $end (i32); then v128: $x (the feature), $c1 and $c2
  // (fmix's multipliers), and $a, $b, $m, $h of each row vector
  const [n, i, p, end, x, c1, c2] = [0, 1, 2, 3, 4, 5, 6]
  const vec = (u: number) => ({ a: 7 + 4 * u, b: 8 + 4 * u, m: 9 + 4 * u, h: 10 + 4 * u })
  const vecs = Array.from({ length: unroll }, (_, u) => vec(u))
  /** h = h ^ (h >>> shift) */
  const shiftXor = (h: number, shift: number) => [
    ...get(h),
    ...get(h),
    ...i32(shift),
    ...shrU,
    ...xor,
    ...set(h),
  ]
  const body = [
    // $end = bytesMixed + n * 4
    ...get(n),
    ...i32(2),
    0x74, // i32.shl
    ...i32(bytesMixed),
    ...i32Add,
    ...set(end),
    ...splat(0x85ebca6b | 0),
    ...set(c1),
    ...splat(0xc2b2ae35 | 0),
    ...set(c2),
    ...[0x03, 0x40], // loop (rows, 4 * unroll at a time)
    ...vecs.flatMap(({ a, b, m }, u) => [
      ...get(i),
      ...v128Load(bytesA + 16 * u),
      ...set(a),
      ...get(i),
      ...v128Load(bytesB + 16 * u),
      ...set(b),
      ...splat(0x7fffffff),
      ...set(m),
    ]),
    ...i32(bytesMixed),
    ...set(p),
    ...[0x02, 0x40], // block
    ...[0x03, 0x40], // loop (features)
    ...get(p),
    ...get(end),
    ...i32GeU,
    ...[0x0d, 0x01], // br_if to the block's end
    ...get(p),
    ...i32Load,
    ...simd(0x11),
    ...set(x),
    // each row vector: h = (splat(mixed[p]) ^ a) + b, then fmix, then m = min(m, h)
    ...vecs.flatMap(({ a, b, m, h }) => [
      ...get(x),
      ...get(a),
      ...xor,
      ...get(b),
      ...add,
      ...set(h),
      ...shiftXor(h, 16),
      ...get(h),
      ...get(c1),
      ...mul,
      ...set(h),
      ...shiftXor(h, 13),
      ...get(h),
      ...get(c2),
      ...mul,
      ...set(h),
      ...shiftXor(h, 16),
      ...get(m),
      ...get(h),
      ...minS,
      ...set(m),
    ]),
    ...get(p),
    ...i32(4),
    ...i32Add,
    ...set(p),
    ...[0x0c, 0x00], // br to the features' loop
    0x0b, // end loop
    0x0b, // end block
    ...vecs.flatMap(({ m }, u) => [...get(i), ...get(m), ...v128Store(bytesMin + 16 * u)]),
    // $i += 16 * unroll, again while $i < rows * 4
    ...get(i),
    ...i32(16 * unroll),
    ...i32Add,
    ...[0x22, ...uleb(i)], // local.tee
    ...i32(rows * 4),
    ...i32LtU,
    ...[0x0d, 0x00], // br_if to the rows' loop
    0x0b, // end loop
    0x0b, // end func
  ]
  const locals = vector([
    [3, I32],
    [3 + 4 * unroll, V128],
  ])
  const code = [...locals, ...body]
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector([[I32]]), ...vector([])]])), // type: (i32) -> ()
    ...section(3, vector([[0x00]])), // function 0 of type 0
    ...section(5, vector([[0x00, 0x01]])), // memory: at least one page
    ...section(
      7,
      vector([
        [...name('m'), 0x02, 0x00],
        [...name('f'), 0x00, 0x00],
      ]),
    ), // exports
    ...section(10, vector([[...uleb(code.length), ...code]])),
  ])
}

export interface SimdMinHash {
  /** the rows' minima of the mixes of `mixed` (fmix of each feature) */
  (mixed: Int32Array): Int32Array
}

/** MinHash of `rowA.length` rows (a multiple of four) with the rows' constants, or null without SIMD. */
export function simdMinHash(rowA: Int32Array, rowB: Int32Array): SimdMinHash | null {
  const rows = rowA.length
  const bytes = module(rows)
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes))
  const memory = instance.exports.m as Memory
  const run = instance.exports.f as (n: number) => void
  let words = new Int32Array(memory.buffer)
  words.set(rowA, 0)
  words.set(rowB, rows)
  return (mixed) => {
    const needed = rows * 3 + mixed.length
    if (needed > words.length) {
      memory.grow(Math.ceil((needed * 4 - memory.buffer.byteLength) / 65536))
      words = new Int32Array(memory.buffer)
    }
    words.set(mixed, rows * 3)
    run(mixed.length)
    return words.slice(rows * 2, rows * 3)
  }
}
