/**
 * Replay detection: a payload's activity is remembered for 24 hours under any key, as an exact digest
 * (the same activity, moved in position or time, or re-encoded) and as near-duplicate bands
 * (fingerprint.ts: the same recorded activity with small edits). Seen again for another userId or key,
 * it is a replay. The same userId under the same key may send the exact payload again within
 * RETRY_WINDOW_MS (a double submit, a client retrying a call whose answer it lost), and may send activity
 * near its own earlier payload at any time (a person who submits again after doing a little more):
 * neither is a replay. A result (replayed or not), no HTTP.
 */
import { hash } from 'node:crypto'
import type { Signals } from '../../shared/signals.ts'
import { signalsDigest } from '../scoring/replay.ts'
import { fingerprintBands, NEAR_MATCHES } from './fingerprint.ts'
import type { DigestStore } from './store.ts'

export const REPLAY_TTL_MS = 24 * 60 * 60 * 1000
export const RETRY_WINDOW_MS = 10 * 60 * 1000

export interface ReplayDigests {
  /** the activity whatever its position and time; null when too little or too regular */
  exact: string | null
  /** near-duplicate bands; empty when too little */
  near: readonly string[]
}

/**
 * The activity's exact digest (server/scoring/replay.ts) and its near-duplicate bands
 * (fingerprint.ts), both from the decoded activity: never the payload's bytes, so re-serialising the
 * same JSON changes nothing.
 */
export function replayDigests(signals: Signals): ReplayDigests {
  return { exact: signalsDigest(signals), near: fingerprintBands(signals) ?? [] }
}

/** Who sent a digest: the user's keyed hash with the digest, hashed again, so neither can be read back. */
export const senderTag = (userHash: string, digest: string): string =>
  hash('sha256', `${userHash}\0${digest}`, 'base64url').slice(0, 32)

/**
 * A digest to sight and its sender tag, hashed when first read: the embedded store reads it only for a
 * digest it keeps anew, and the check below only for digests seen before, until it has its answer (a near
 * duplicate of a payload seen before costs two or three tags, not one per band). Redis reads every one.
 */
class Sighting {
  readonly digest: string
  readonly #userHash: string
  #sender: string | undefined
  constructor(digest: string, userHash: string) {
    this.digest = digest
    this.#userHash = userHash
  }
  get sender(): string {
    return (this.#sender ??= senderTag(this.#userHash, this.digest))
  }
}

/** Records the sighting of `signals` by `userHash`, and answers whether it replays an earlier one. */
export type ReplayCheck = (signals: Signals, userHash: string, now: number) => Promise<boolean>

export function createReplayCheck(
  store: Pick<DigestStore, 'sightDigests'>,
  digestsOf: (signals: Signals) => ReplayDigests = replayDigests,
): ReplayCheck {
  return async function replayed(signals, userHash, now) {
    const { exact, near } = digestsOf(signals)
    const keys = [...(exact === null ? [] : [`replay:${exact}`]), ...near.map((band) => `near:${band}`)]
    if (keys.length === 0) return false
    const sightings = keys.map((digest) => new Sighting(digest, userHash))
    const firsts = await store.sightDigests(sightings, REPLAY_TTL_MS, now)
    // by another sender: the exact digest, or NEAR_MATCHES bands first sighted together (one earlier
    // payload: the bands of one call are sighted at one time); by the same sender: the exact payload
    // after the retry window (its own earlier activity, edited or grown, is never a replay)
    const bandsOfEarlier = new Map<number, number>()
    return firsts.some((first, i) => {
      if (first === null) return false
      const own = first.sender === sightings[i]!.sender
      if (keys[i]!.startsWith('replay:')) return !own || now - first.at > RETRY_WINDOW_MS
      if (own) return false
      const shared = (bandsOfEarlier.get(first.at) ?? 0) + 1
      bandsOfEarlier.set(first.at, shared)
      return shared >= NEAR_MATCHES
    })
  }
}
