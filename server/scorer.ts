/**
 * Everything between a decoded payload and a confidence: the sandbox's fixed answers, the scoring
 * engine, and replay detection (the same payload, or a shifted copy of it, seen within 24 hours
 * under any key caps the confidence at 0.1).
 */
import { createHash } from 'node:crypto'
import type { Signals } from '../shared/signals.ts'
import { score as scoreSignals, type Score } from './scoring/index.ts'
import { signalsDigest } from './scoring/replay.ts'
import type { Store } from './store/types.ts'

export const REPLAY_TTL_MS = 24 * 60 * 60 * 1000
export const REPLAY_MAX_CONFIDENCE = 0.1

export interface ScoreInput {
  signals: Signals | null
  encoded: string | null
  userId: string
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
  /** Digests under which a payload is remembered; empty when it holds too little to be a replay. */
  digests?: (signals: Signals, encoded: string) => string[]
}

/**
 * The trajectory and typing rhythm whatever their position and time (server/scoring/replay.ts), so a
 * shifted copy is caught too; a byte-identical copy has the same ones. Only a payload too short for
 * those, but with some activity, is remembered by its bytes.
 */
export function replayDigests(signals: Signals, encoded: string): string[] {
  const trajectory = signalsDigest(signals)
  if (trajectory.length > 0) return trajectory
  const { moves, keys, buttons, scrolls } = signals
  const active = moves.length + keys.length + buttons.length + scrolls.length > 0
  return active ? [createHash('sha256').update(encoded).digest('base64url')] : []
}

export function createScorer({
  store,
  score = scoreSignals,
  digests = replayDigests,
}: ScorerOptions): ScoreFn {
  return async function scoreRequest({ signals, encoded, userId, sandbox, now }) {
    if (sandbox) return sandboxScore(userId)
    const result = score(signals)
    if (!signals || encoded === null) return result
    let replayed = false
    for (const digest of digests(signals, encoded)) {
      if (await store.seenDigest(`replay:${digest}`, REPLAY_TTL_MS, now)) replayed = true
    }
    if (!replayed) return result
    return {
      confidence: Math.min(result.confidence, REPLAY_MAX_CONFIDENCE),
      reasons: ['REPLAYED_SIGNALS', ...result.reasons.filter((r) => r !== 'REPLAYED_SIGNALS')],
    }
  }
}
