/**
 * Replay digests. The same trajectory sent again, even moved across the screen or later in time, gives the
 * same digest: it hashes only the relative steps (time, x and y deltas between moves; time deltas and
 * classes between keys). The verify route keeps digests for 24 hours (store.seenDigest) and caps a repeat at
 * 0.1 with REPLAYED_SIGNALS. Too short a trace gives no digest: two people can make the same few steps.
 */
import { createHash } from 'node:crypto'
import type { Signals } from '../../shared/signals.ts'

/** Streams shorter than this are not digested. */
export const MIN_DIGEST_EVENTS = 20

function hash(kind: string, parts: number[] | string[]): string {
  return createHash('sha256').update(kind).update(parts.join(',')).digest('base64url').slice(0, 32)
}

/** Zero, one or two digests (pointer path, typing rhythm) identifying this payload's activity. */
export function signalsDigest(signals: Signals): string[] {
  const out: string[] = []
  const m = signals.moves
  if (m.length >= MIN_DIGEST_EVENTS) {
    const steps: number[] = []
    for (let i = 1; i < m.length; i++) steps.push(m[i]![0] - m[i - 1]![0], m[i]![1] - m[i - 1]![1], m[i]![2] - m[i - 1]![2])
    // a still or perfectly regular pointer repeats by nature, not by replay: only digest varied paths
    if (new Set(steps).size > 3) out.push(hash('m', steps))
  }
  const k = signals.keys
  if (k.length >= MIN_DIGEST_EVENTS) {
    const parts: string[] = []
    for (let i = 1; i < k.length; i++) parts.push(`${k[i]![0] - k[i - 1]![0]}${k[i]![1]}${k[i]![2]}`)
    if (new Set(parts).size > 3) out.push(hash('k', parts))
  }
  return out
}
