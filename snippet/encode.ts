/**
 * Turns a recorder into the signals wire string (format v1, shared/signals.ts, docs/signals.md).
 * Pure (no DOM). The result never exceeds MAX_SIGNALS_LENGTH: while it would, the oldest record
 * across all streams is dropped, so the activity just before the verify moment survives.
 */
import type { StreamName } from '../shared/signals.ts'
import { MAX_LENGTH, VERSION } from './format.ts'
import { eachRecord, quantise, type Recorder } from './recorder.ts'

/** Page context read at encode time: viewport size in CSS px and AUTOMATION_MARKERS bits. */
export interface EncodeContext {
  w: number
  h: number
  a: number
}

const NAMES: readonly StreamName[] = ['m', 'b', 'k', 's', 'e']
const MAX_VALUE = 2_147_483_647

const clamp = (v: number, hi: number) => Math.min(Math.max(quantise(v), 0), hi)

/** One stream's records as text: `abs[i]` if record i is first, `rel[i]` relative to record i - 1. */
interface Texts {
  times: number[]
  abs: string[]
  rel: string[]
}

function texts(rec: Recorder, name: StreamName): Texts {
  const r = rec.rings[name]
  const d = r.data
  const out: Texts = { times: [], abs: [], rel: [] }
  let prev = -1
  eachRecord(r, (o) => {
    const t = d[o]!
    let rest = ''
    for (let j = 1; j < r.arity; j++) rest += ',' + d[o + j]
    out.times.push(t)
    out.abs.push(t + rest)
    if (prev < 0) out.rel.push(t + rest)
    else if (name === 'm')
      out.rel.push(t - d[prev]! + ',' + (d[o + 1]! - d[prev + 1]!) + ',' + (d[o + 2]! - d[prev + 2]!))
    else out.rel.push(t - d[prev]! + rest)
    prev = o
  })
  return out
}

/** The wire string for everything recorded so far; `nowMs` is ms since the snippet started. */
export function encode(rec: Recorder, ctx: EncodeContext, nowMs: number): string {
  rec.flush()
  const all = NAMES.map((name) => texts(rec, name))
  let latest = 0
  for (const s of all) latest = Math.max(latest, s.times[s.times.length - 1] ?? 0)
  const head =
    `{"v":${VERSION},"c":{"w":${clamp(ctx.w, 100_000)},"h":${clamp(ctx.h, 100_000)},"a":${clamp(ctx.a, 255)}` +
    `,"u":${clamp(rec.untrusted, MAX_VALUE)},"n":${clamp(rec.total, MAX_VALUE)},"d":${Math.max(clamp(nowMs, MAX_VALUE), latest)}}`

  // first kept record per stream, and the length of that stream's text (`,"m":[...]`) from there
  const start = all.map(() => 0)
  const tail = all.map((s) => s.rel.reduce((n, x, i) => (i > 0 ? n + x.length + 1 : n), 0))
  const size = (i: number) => {
    const s = all[i]!
    const k = start[i]!
    return k < s.abs.length ? 7 + s.abs[k]!.length + tail[i]! : 0
  }
  let total = head.length + 1
  for (let i = 0; i < all.length; i++) total += size(i)
  while (total > MAX_LENGTH) {
    let oldest = -1
    for (let i = 0; i < all.length; i++) {
      const t = all[i]!.times[start[i]!]
      if (t !== undefined && (oldest < 0 || t < all[oldest]!.times[start[oldest]!]!)) oldest = i
    }
    if (oldest < 0) break
    total -= size(oldest)
    const next = ++start[oldest]!
    if (next < all[oldest]!.rel.length) tail[oldest]! -= all[oldest]!.rel[next]!.length + 1
    total += size(oldest)
  }

  let out = head
  for (let i = 0; i < all.length; i++) {
    const s = all[i]!
    const k = start[i]!
    if (k >= s.abs.length) continue
    out += `,"${NAMES[i]}":[${s.abs[k]}`
    for (let j = k + 1; j < s.rel.length; j++) out += ',' + s.rel[j]
    out += ']'
  }
  return out + '}'
}
