/**
 * Everything between a decoded payload and a confidence: the sandbox's fixed answers, the scoring
 * engine, replay detection (server/replay/service.ts: a replay is capped at REPLAY_MAX_CONFIDENCE with
 * REPLAYED_SIGNALS) and the proof of work's say (server/challenge/service.ts).
 */
import type { Signals } from '../../shared/signals.ts'
import type { Challenges } from '../challenge/service.ts'
import { createReplayCheck, replayDigests, senderTag, type ReplayDigests } from '../replay/service.ts'
import type { DigestStore } from '../replay/store.ts'
import { NO_EVIDENCE_CONFIDENCE, score as scoreSignals, type Score } from '../scoring/index.ts'

export const REPLAY_MAX_CONFIDENCE = 0.1

export interface ScoreInput {
  signals: Signals | null
  encoded: string | null
  userId: string
  /** the userId's keyed hash under this key (server/secrets/user-hash.ts): what tells a retry from a replay */
  userHash: string
  sandbox: boolean
  now: number
  /** the verifying key's id: its own proof-of-work difficulty applies */
  keyId?: string
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
  keyId: string | undefined,
): Promise<number | null> {
  const proof = signals?.proof
  if (!proof) return mode === 'required' ? NO_EVIDENCE_CONFIDENCE : null
  const check = await challenges.check(proof.c, proof.n, sender, now, keyId)
  if (check.ok) return null
  // stale, or easier than the key asks (a page still fetching the server's default): no proof, not a forgery
  if (check.why === 'STALE' || check.why === 'TOO_EASY') return NO_EVIDENCE_CONFIDENCE
  return REPLAY_MAX_CONFIDENCE
}

export function createRequestScorer({
  store,
  score = scoreSignals,
  digests: digestsOf = replayDigests,
  challenges,
  challengeMode = 'optional',
}: ScorerOptions): ScoreFn {
  const replayed = createReplayCheck(store, digestsOf)
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
      input.keyId,
    )
    if (cap === null) return result
    return {
      confidence: Math.min(result.confidence, cap),
      reasons: ['CHALLENGE_FAILED', ...result.reasons],
    }
  }

  async function scoreAndReplay({ signals, userHash, now }: ScoreInput): Promise<Score> {
    const result = score(signals)
    if (!signals || !(await replayed(signals, userHash, now))) return result
    return {
      confidence: Math.min(result.confidence, REPLAY_MAX_CONFIDENCE),
      reasons: ['REPLAYED_SIGNALS', ...result.reasons.filter((r) => r !== 'REPLAYED_SIGNALS')],
    }
  }
}
