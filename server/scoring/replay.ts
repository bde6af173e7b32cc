/**
 * Replay digests. The same activity sent again, even moved across the screen or later in time, gives the
 * same digest: every event is hashed relative to the payload's first event (time) and first position. The
 * digest covers all of the activity (moves, buttons, keys, scrolling), so a person who submits again after
 * doing anything more (typing a password again without touching the mouse, say) sends a new digest. The
 * verify route keeps digests for 24 hours (store.sightDigest) and caps a repeat at 0.1 with
 * REPLAYED_SIGNALS. Too little or too uniform activity gives no digest: two people can make the same few steps.
 */
import { hash } from 'node:crypto'
import {
  BUTTON_KINDS,
  KEY_CLASSES,
  KEY_KINDS,
  POINTER_TYPES,
  SCROLL_KINDS,
  type Signals,
} from '../../shared/signals.ts'

/**
 * Payloads with fewer pointer moves and key events than this are not digested (they are scored as too
 * few events, below the threshold, so a copy buys nothing). Short payloads above it are digested from
 * their decoded activity like any other, never from their bytes: re-serialised or shifted, a copy has the
 * same digest.
 */
export const MIN_DIGEST_EVENTS = 8

/** More than `n` distinct steps (time, x, y between moves; time between key events) in the activity. */
function variedSteps({ moves, keys }: Signals, n: number): boolean {
  const seen = new Set<number>()
  const add = (v: number) => seen.add(v).size > n
  for (let i = 1; i < moves.length; i++) {
    const [t, x, y] = moves[i]!
    const [pt, px, py] = moves[i - 1]!
    if (add(t - pt) || add(x - px) || add(y - py)) return true
  }
  for (let i = 1; i < keys.length; i++) if (add(keys[i]![0] - keys[i - 1]![0])) return true
  return false
}

/** The digest of this payload's activity, or null when it holds too little to tell one person's from another's. */
export function signalsDigest(signals: Signals): string | null {
  const { moves, buttons, keys, scrolls } = signals
  if (moves.length + keys.length < MIN_DIGEST_EVENTS) return null
  // a still or perfectly regular stream repeats by nature, not by replay
  if (!variedSteps(signals, 3)) return null
  const t0 = Math.min(
    moves[0]?.[0] ?? Infinity,
    buttons[0]?.[0] ?? Infinity,
    keys[0]?.[0] ?? Infinity,
    scrolls[0]?.[0] ?? Infinity,
  )
  const [, x0, y0] = moves[0] ?? [0, buttons[0]?.[2] ?? 0, buttons[0]?.[3] ?? 0]
  const values = new Int32Array(
    moves.length * 3 + buttons.length * 5 + keys.length * 3 + scrolls.length * 4 + 4,
  )
  let o = 0
  // stream lengths first, so the same numbers cannot be read as a different split between streams
  values[o++] = moves.length
  values[o++] = buttons.length
  values[o++] = keys.length
  values[o++] = scrolls.length
  // indexed, not destructured: the moves are most of a payload
  for (let i = 0; i < moves.length; i++) {
    const move = moves[i]!
    values[o++] = move[0] - t0
    values[o++] = move[1] - x0
    values[o++] = move[2] - y0
  }
  for (const [t, kind, x, y, pointer] of buttons) {
    values[o++] = t - t0
    values[o++] = BUTTON_KINDS.indexOf(kind)
    values[o++] = x - x0
    values[o++] = y - y0
    values[o++] = POINTER_TYPES.indexOf(pointer)
  }
  for (const [t, kind, cls] of keys) {
    values[o++] = t - t0
    values[o++] = KEY_KINDS.indexOf(kind)
    values[o++] = KEY_CLASSES.indexOf(cls)
  }
  for (const [t, kind, value, mode] of scrolls) {
    values[o++] = t - t0
    values[o++] = SCROLL_KINDS.indexOf(kind)
    values[o++] = value
    values[o++] = mode
  }
  return hash('sha256', new Uint8Array(values.buffer), 'base64url').slice(0, 32)
}
