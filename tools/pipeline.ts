/** One recorded trace through the path live traffic takes: encode as the snippet does, decode, score. */
import type { Signals } from '../shared/signals.ts'
import { decodeSignals } from '../shared/signals.ts'
import { encode } from '../snippet/encode.ts'
import { recordTrace } from '../snippet/trace.ts'
import type { TraceRecord } from './data.ts'

/** The wire string the snippet would send for this trace (generated bots may add untrusted events and flags). */
export function encodeRecord(r: TraceRecord): string {
  // recorded traces know of no untrusted events; generated ones may mark some
  const rec = recordTrace(r.events)
  const [w, h] = r.screen ?? [0, 0]
  return encode(rec, { w, h, a: r.automation ?? 0 }, r.events[r.events.length - 1]?.t_ms ?? 0)
}

/** The signals the server would decode for this trace, or null when the payload would be refused. */
export function toSignals(r: TraceRecord): Signals | null {
  const decoded = decodeSignals(encodeRecord(r))
  return decoded.ok ? decoded.signals : null
}
