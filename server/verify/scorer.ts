/**
 * Everything between a decoded payload and a confidence: the sandbox's fixed answers, the scoring
 * engine, and replay detection. A payload's activity is remembered for 24 hours under any key, as an exact
 * digest (the same activity, moved in position or time, or re-encoded) and as near-duplicate bands
 * (server/replay/fingerprint.ts: the same recorded activity with small edits). Seen again for another
 * userId or key, the confidence is capped at 0.1 with REPLAYED_SIGNALS. The same userId under the same
 * key may send the exact payload again within RETRY_WINDOW_MS (a double submit, a client retrying a call
 * whose answer it lost), and may send activity near its own earlier payload at any time (a person who
 * submits again after doing a little more): neither is a replay.
 */
import { createHash } from 'node:crypto'
import type { Signals } from '../../shared/signals.ts'
import { NO_EVIDENCE_CONFIDENCE, score as scoreSignals, type Score } from '../scoring/index.ts'
import type { Challenges } from '../challenge/service.ts'
import { fingerprintBands, NEAR_MATCHES } from '../replay/fingerprint.ts'
import { signalsDigest } from '../scoring/replay.ts'
import type { DigestStore } from '../replay/store.ts'

export const REPLAY_TTL_MS = 24 * 60 * 60 * 1000
export const REPLAY_MAX_CONFIDENCE = 0.1
export const RETRY_WINDOW_MS = 10 * 60 * 1000

export interface ScoreInput {
  signals: Signals | null
  encoded: string | null
  userId: string
  /** the userId's keyed hash under this key (server/secrets/user-hash.ts): what tells a retry from a replay */
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
  store: Pick<DigestStore, 'sightDigests'>
  score?: (signals: Signals | null) => Score
  /** The digests under which a payload is remembered; none when it holds too little to be a replay. */
  digests?: (signals: Signals) => ReplayDigests
  /** the proof of work (server/challenge/service.ts); absent: proofs are not checked */
  challenges?: Challenges
  /** `required`: a payload without a valid, fresh proof is not human; `optional`: only a bad one counts */
  challengeMode?: ChallengeMode
}

export type ChallengeMode = 'optional' | 'required'

/**
 * The proof of work's say: a forged, unsolved or spent proof (another sender's) is a bot's, capped like a
 * replay; a stale one, or none where one is required, is too little evidence. Null: nothing to say.
 */
async function proofCap(
  challenges: Challenges,
  mode: ChallengeMode,
  signals: Signals | null,
  sender: string,
  now: number,
): Promise<number | null> {
  const proof = signals?.proof
  if (!proof) return mode === 'required' ? NO_EVIDENCE_CONFIDENCE : null
  const check = await challenges.check(proof.c, proof.n, sender, now)
  if (check.ok) return null
  if (check.why === 'STALE') return NO_EVIDENCE_CONFIDENCE
  return REPLAY_MAX_CONFIDENCE
}

export interface ReplayDigests {
  /** the activity whatever its position and time; null when too little or too regular */
  exact: string | null
  /** near-duplicate bands; empty when too little */
  near: readonly string[]
}

/**
 * The activity's exact digest (server/scoring/replay.ts) and its near-duplicate bands
 * (server/replay/fingerprint.ts), both from the decoded activity: never the payload's bytes, so
 * re-serialising the same JSON changes nothing.
 */
export function replayDigests(signals: Signals): ReplayDigests {
  return { exact: signalsDigest(signals), near: fingerprintBands(signals) ?? [] }
}

/** Who sent a digest: the user's keyed hash with the digest, hashed again, so neither can be read back. */
const senderTag = (userHash: string, digest: string) =>
  createHash('sha256').update(userHash).update('\0').update(digest).digest('base64url').slice(0, 32)

export function createScorer({
  store,
  score = scoreSignals,
  digests: digestsOf = replayDigests,
  challenges,
  challengeMode = 'optional',
}: ScorerOptions): ScoreFn {
  return async function scoreRequest(input) {
    if (input.sandbox) return sandboxScore(input.userId)
    const result = await scoreAndReplay(input)
    if (!challenges) return result
    const cap = await proofCap(
      challenges,
      challengeMode,
      input.signals,
      senderTag(input.userHash, 'pow'),
      input.now,
    )
    if (cap === null) return result
    return {
      confidence: Math.min(result.confidence, cap),
      reasons: ['CHALLENGE_FAILED', ...result.reasons],
    }
  }

  async function scoreAndReplay({ signals, userHash, now }: ScoreInput): Promise<Score> {
    const result = score(signals)
    if (!signals) return result
    const { exact, near } = digestsOf(signals)
    const keys = [...(exact === null ? [] : [`replay:${exact}`]), ...near.map((band) => `near:${band}`)]
    if (keys.length === 0) return result
    const sightings = keys.map((digest) => ({ digest, sender: senderTag(userHash, digest) }))
    const firsts = await store.sightDigests(sightings, REPLAY_TTL_MS, now)
    // by another sender: the exact digest, or NEAR_MATCHES bands first sighted together (one earlier
    // payload: the bands of one call are sighted at one time); by the same sender: the exact payload
    // after the retry window (its own earlier activity, edited or grown, is never a replay)
    const bandsOfEarlier = new Map<number, number>()
    const replayed = firsts.some((first, i) => {
      if (first === null) return false
      const own = first.sender === sightings[i]!.sender
      if (keys[i]!.startsWith('replay:')) return !own || now - first.at > RETRY_WINDOW_MS
      if (own) return false
      const shared = (bandsOfEarlier.get(first.at) ?? 0) + 1
      bandsOfEarlier.set(first.at, shared)
      return shared >= NEAR_MATCHES
    })
    if (!replayed) return result
    return {
      confidence: Math.min(result.confidence, REPLAY_MAX_CONFIDENCE),
      reasons: ['REPLAYED_SIGNALS', ...result.reasons.filter((r) => r !== 'REPLAYED_SIGNALS')],
    }
  }
}
