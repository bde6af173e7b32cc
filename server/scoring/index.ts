/**
 * The scoring seam: score(signals) -> {confidence, reasons}. 0.5 means "no evidence either way".
 * PLACEHOLDER until issue 4 lands: it does not score yet and answers 0.5 for every input.
 */
import type { Reason } from '../../shared/reasons.ts'
import type { Signals } from '../../shared/signals.ts'

export interface Score {
  confidence: number
  reasons: Reason[]
}

export function score(signals: Signals | null): Score {
  if (!signals) return { confidence: 0.5, reasons: ['NO_SIGNALS'] }
  return { confidence: 0.5, reasons: ['TOO_FEW_EVENTS'] }
}
