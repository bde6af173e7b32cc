/**
 * Everything between a decoded payload and a confidence: the sandbox's fixed answers, the scoring
 * engine, and replay detection (the same activity, or a shifted copy of it, seen within 24 hours
 * under any key caps the confidence at 0.1). The same payload sent again for the same userId under the
 * same key within RETRY_WINDOW_MS of its first sighting is a retry (a double submit, or a client
 * retrying a call whose answer it lost), not a replay: it is scored again, as it was the first time.
 */
import { createHash } from 'node:crypto'
import type { Signals } from '../shared/signals.ts'
import { score as scoreSignals, type Score } from './scoring/index.ts'
import { signalsDigest } from './scoring/replay.ts'
import type { Store } from './store/types.ts'

export const REPLAY_TTL_MS = 24 * 60 * 60 * 1000
export const REPLAY_MAX_CONFIDENCE = 0.1
export const RETRY_WINDOW_MS = 10 * 60 * 1000

export interface ScoreInput {
  signals: Signals | null
  encoded: string | null
  userId: string
  /** the userId's keyed hash under this key (server/user-hash.ts): what tells a retry from a replay */
  userHash: string
  sandbox: boolean
  now: number
}

export type ScoreFn = (input: ScoreInput) => Promise<Score>

/** Sandbox keys (huma_test_) answer deterministically: a userId starting with `bot_` is a bot. */
export function sandboxScore(userId: string): Score {
  return userId.startsWith('bot_')
    ? { confidence: 0.02, reasons: ['SANDBOX'] }
    : { confidence: 0.98, reasons: ['SANDBOX'] }
}

export interface ScorerOptions {
  store: Store
  score?: (signals: Signals | null) => Score
  /** The digest under which a payload is remembered; null when it holds too little to be a replay. */
  digest?: (signals: Signals, encoded: string) => string | null
}

/**
 * The activity whatever its position and time (server/scoring/replay.ts), so a shifted copy is caught
 * too; a byte-identical copy has the same one. Only a payload too short for that, but with some activity,
 * is remembered by its bytes.
 */
export function replayDigest(signals: Signals, encoded: string): string | null {
  const activity = signalsDigest(signals)
  if (activity) return activity
  const { moves, keys, buttons, scrolls } = signals
  const active = moves.length + keys.length + buttons.length + scrolls.length > 0
  return active ? createHash('sha256').update(encoded).digest('base64url') : null
}

/** Who sent a digest: the user's keyed hash with the digest, hashed again, so neither can be read back. */
const senderTag = (userHash: string, digest: string) =>
  createHash('sha256').update(userHash).update('\0').update(digest).digest('base64url').slice(0, 32)

export function createScorer({
  store,
  score = scoreSignals,
  digest: digestOf = replayDigest,
}: ScorerOptions): ScoreFn {
  return async function scoreRequest({ signals, encoded, userId, userHash, sandbox, now }) {
    if (sandbox) return sandboxScore(userId)
    const result = score(signals)
    if (!signals || encoded === null) return result
    const digest = digestOf(signals, encoded)
    if (digest === null) return result
    const sender = senderTag(userHash, digest)
    const first = await store.sightDigest(`replay:${digest}`, sender, REPLAY_TTL_MS, now)
    const retry = first !== null && first.sender === sender && now - first.at <= RETRY_WINDOW_MS
    if (first === null || retry) return result
    return {
      confidence: Math.min(result.confidence, REPLAY_MAX_CONFIDENCE),
      reasons: ['REPLAYED_SIGNALS', ...result.reasons.filter((r) => r !== 'REPLAYED_SIGNALS')],
    }
  }
}
