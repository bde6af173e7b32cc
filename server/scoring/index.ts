/**
 * score(signals): how sure we are that a person produced these signals. No evidence (no signals, or too
 * few events to judge) answers NO_EVIDENCE_CONFIDENCE, below the threshold: absence of evidence is not a
 * person. See docs/scoring.md.
 */
import type { Reason } from '../../shared/reasons.ts'
import type { Signals } from '../../shared/signals.ts'
import { automationFindings } from './automation.ts'
import type { Modality } from './feature.ts'
import { FEATURES } from './features/index.ts'
import type { LinearModel, ModelFile } from './model.ts'
import { applyLinearTo, calibrationShift, loadModel } from './model.ts'
import type { Prepared } from './strokes.ts'
import { Arena, prepare } from './strokes.ts'

export interface Score {
  confidence: number
  reasons: Reason[]
}

/** A verify call answers `human: true` at or above this confidence. */
export const HUMAN_THRESHOLD = 0.5
/**
 * What no evidence answers (NO_SIGNALS, TOO_FEW_EVENTS): below HUMAN_THRESHOLD, so `human: false`. A form
 * posted without the snippet, or with a handful of events, must not pass as a person; the customer decides
 * what such a visitor gets (a hosted check, its own fallback), see docs/scoring.md. Above the caps of hard
 * automation evidence (0.1 and below), so the two stay apart.
 */
export const NO_EVIDENCE_CONFIDENCE = 0.3
/** Fewer events than this in total say nothing either way. */
export const MIN_EVENTS = 8
/** A modality whose log-odds reach this names a reason. */
const REASON_Z = 1

const BOT_REASON: Record<string, Reason> = {
  'path.straightness': 'LINEAR_MOTION',
  'path.collinearShare': 'LINEAR_MOTION',
  'path.repeatedStepShare': 'LINEAR_MOTION',
  'path.logTurn': 'LINEAR_MOTION',
}
const HUMAN_REASON: Record<Modality, Reason> = {
  pointer: 'HUMAN_MOTION',
  keys: 'HUMAN_TYPING',
  scroll: 'HUMAN_SCROLL',
}

const GROUPS = Object.entries(FEATURES)
/** `group.name` of every registered feature, in the order `featureValues` returns them. */
const FEATURE_NAMES: readonly string[] = GROUPS.flatMap(([group, g]) =>
  g.names.map((name) => `${group}.${name}`),
)
const FEATURE_INDEX = new Map(FEATURE_NAMES.map((name, i) => [name, i]))

/** Extracts every registered feature as `group.name` -> value. */
export function extractFeatures(signals: Signals): Map<string, number> {
  const values = featureValues(prepare(signals))
  return new Map(FEATURE_NAMES.map((name, i) => [name, values[i]!]))
}

/** Every registered feature's value, in FEATURE_NAMES order. */
function featureValues(p: Prepared): number[] {
  const out: number[] = []
  for (const [, g] of GROUPS) {
    const values = g.extract(p)
    for (let i = 0; i < g.names.length; i++) out.push(values[i]!)
  }
  return out
}

/** How many events of each modality the session holds: the evidence each model is scaled by. */
export function evidence(signals: Signals): Record<Modality, number> {
  return {
    pointer: signals.moves.length + signals.buttons.length,
    keys: signals.keys.length,
    scroll: signals.scrolls.length,
  }
}

export function createScorer(model: ModelFile) {
  const MODALITIES = ['pointer', 'keys', 'scroll'] as const
  // where each model input sits among the extracted values, resolved once (-1: not extracted, so NaN)
  const inputsOf = MODALITIES.map((modality) =>
    model.models[modality].features.map((name) => FEATURE_INDEX.get(name) ?? -1),
  )
  const arena = new Arena()
  return function score(signals: Signals | null): Score {
    if (!signals) return { confidence: NO_EVIDENCE_CONFIDENCE, reasons: ['NO_SIGNALS'] }
    const reasons: Reason[] = []
    const amount = evidence(signals)
    const total = amount.pointer + amount.keys + amount.scroll
    let z = 0
    const p = prepare(signals, arena)
    const { touch } = p
    if (total >= MIN_EVENTS) {
      const values = featureValues(p)
      MODALITIES.forEach((modality, k) => {
        const m: LinearModel = model.models[modality]
        if (amount[modality] === 0) return
        const inputs = inputsOf[k]!.map((at) => values[at] ?? NaN)
        const r = applyLinearTo(m, inputs)
        let zm = (r.z + calibrationShift(m, amount[modality])) * Math.min(1, amount[modality] / m.evidence)
        // the pointer model learned from mice; on a touch screen or pen its bot evidence is not trusted
        if (modality === 'pointer' && touch && zm < 0) zm = 0
        z += zm
        if (zm >= REASON_Z)
          reasons.push(modality === 'pointer' && touch ? 'HUMAN_TOUCH' : HUMAN_REASON[modality])
        else if (zm <= -REASON_Z) reasons.push(BOT_REASON[m.features[r.worst] ?? ''] ?? 'REGULAR_TIMING')
      })
      if (Math.abs(z) < REASON_Z && total < 4 * MIN_EVENTS) reasons.push('TOO_FEW_EVENTS')
    } else {
      reasons.push('TOO_FEW_EVENTS')
    }
    let confidence = 1 / (1 + Math.exp(-z))
    if (reasons.includes('TOO_FEW_EVENTS')) confidence = Math.min(confidence, NO_EVIDENCE_CONFIDENCE)
    for (const f of automationFindings(p)) {
      confidence = Math.min(confidence, f.cap)
      reasons.unshift(f.reason)
    }
    // three decimals, never rounding a blocked score up to the threshold
    const rounded =
      confidence < HUMAN_THRESHOLD
        ? Math.floor(confidence * 1000) / 1000
        : Math.round(confidence * 1000) / 1000
    return { confidence: rounded, reasons: reasons.filter((r, i) => reasons.indexOf(r) === i) }
  }
}

let defaultScorer: ((signals: Signals | null) => Score) | undefined

/** Scores with the committed model (server/scoring/model.json), loaded on first use. */
export function score(signals: Signals | null): Score {
  defaultScorer ??= createScorer(loadModel())
  return defaultScorer(signals)
}
