/**
 * Replay digests. The same trajectory sent again, even moved across the screen or later in time, gives the
 * same digest: it hashes only the relative steps (time, x and y deltas between moves; time deltas and
 * classes between keys). The verify route keeps digests for 24 hours (store.seenDigest) and caps a repeat at
 * 0.1 with REPLAYED_SIGNALS. Too short a trace gives no digest: two people can make the same few steps.
 */
import { createHash } from 'node:crypto'
import { KEY_CLASSES, KEY_KINDS, type Signals } from '../../shared/signals.ts'

/** Streams shorter than this are not digested. */
export const MIN_DIGEST_EVENTS = 20

function hasMoreDistinctThan(values: Int32Array, n: number): boolean {
  const seen: number[] = []
  for (const v of values) {
    if (!seen.includes(v)) {
      seen.push(v)
      if (seen.length > n) return true
    }
  }
  return false
}

/** A digest of the steps, or null when they are too uniform to tell one person's from another's. */
function digest(kind: string, steps: Int32Array): string | null {
  // a still or perfectly regular stream repeats by nature, not by replay: only digest varied ones
  if (!hasMoreDistinctThan(steps, 3)) return null
  return createHash('sha256')
    .update(kind)
    .update(new Uint8Array(steps.buffer))
    .digest('base64url')
    .slice(0, 32)
}

/** Zero, one or two digests (pointer path, typing rhythm) identifying this payload's activity. */
export function signalsDigest(signals: Signals): string[] {
  const out: string[] = []
  const m = signals.moves
  if (m.length >= MIN_DIGEST_EVENTS) {
    // time, x and y steps between moves
    const steps = new Int32Array((m.length - 1) * 3)
    for (let i = 1, o = 0; i < m.length; i++) {
      const [t, x, y] = m[i]!
      const [pt, px, py] = m[i - 1]!
      steps[o++] = t - pt
      steps[o++] = x - px
      steps[o++] = y - py
    }
    const d = digest('m', steps)
    if (d) out.push(d)
  }
  const k = signals.keys
  if (k.length >= MIN_DIGEST_EVENTS) {
    // time steps between key events, with each event's kind and class
    const steps = new Int32Array((k.length - 1) * 3)
    for (let i = 1, o = 0; i < k.length; i++) {
      steps[o++] = k[i]![0] - k[i - 1]![0]
      steps[o++] = KEY_KINDS.indexOf(k[i]![1])
      steps[o++] = KEY_CLASSES.indexOf(k[i]![2])
    }
    const d = digest('k', steps)
    if (d) out.push(d)
  }
  return out
}
