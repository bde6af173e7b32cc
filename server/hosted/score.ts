/**
 * The one place the hosted check asks for a score: the same scorer as verify (server/scorer.ts, with its
 * replay memory and proof-of-work check), called as verify calls it. When verify becomes a service
 * (issue 17), this is the one function to point at it.
 */
import { decodeSignals } from '../../shared/signals.ts'
import type { ScoreFn } from '../verify/scorer.ts'
import type { HostedUser } from './store/types.ts'

export interface HostedScoreInput {
  encoded: string
  user: HostedUser
  /** the reference_user_id when it could be opened: sandbox keys answer `bot_…` as a bot, as verify does */
  reference: string | null
  sandbox: boolean
  now: number
}

export type HostedScore = (
  input: HostedScoreInput,
) => Promise<{ ok: true; confidence: number; reasons: string[] } | { ok: false; message: string }>

export function hostedScorer(score: ScoreFn): HostedScore {
  return async function scoreCheck({ encoded, user, reference, sandbox, now }) {
    let signals = null
    if (encoded) {
      const decoded = decodeSignals(encoded)
      if (!decoded.ok) return { ok: false, message: decoded.message }
      signals = decoded.signals
    }
    // the user's keyed reference hash is the sender verify would use for this person under this key
    const result = await score({
      signals,
      encoded: encoded || null,
      userId: reference ?? user.userId,
      userHash: user.refHash,
      sandbox,
      now,
    })
    return { ok: true, confidence: result.confidence, reasons: result.reasons }
  }
}
