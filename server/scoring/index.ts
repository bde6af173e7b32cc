/**
 * score(signals): how sure we are that a person produced these signals. No evidence (no signals, or too
 * few events to judge) answers NO_EVIDENCE_CONFIDENCE, below the threshold: absence of evidence is not a
 * person. See docs/scoring.md.
 */
import type { Reason } from '../../shared/reasons.ts'
import type { Signals } from '../../shared/signals.ts'
import { roundConfidence } from '../../shared/verdict.ts'
import { automationFindings } from './automation.ts'
import type { Modality } from './feature.ts'
import { FEATURES } from './features/index.ts'
import type { ForestModel, ModelFile } from './model.ts'
import { compileForest, forestContributions } from './forest.ts'
import { applyLinearTo, calibrationShift, loadModel } from './model.ts'
import { framesOf } from './normalise.ts'
import type { Prepared } from './strokes.ts'
import { Arena, prepare } from './strokes.ts'

export interface Score {
  confidence: number
  reasons: Reason[]
}

/** A verify call answers `human: true` at or above this confidence. */
export { HUMAN_THRESHOLD } from '../../shared/verdict.ts'
/**
 * What no evidence answers (NO_SIGNALS, TOO_FEW_EVENTS): below HUMAN_THRESHOLD, so `human: false`. A form
 * posted without the snippet, or with a handful of events, must not pass as a person; the customer decides
 * what such a visitor gets (a hosted check, its own fallback), see docs/scoring.md. Above the caps of hard
 * automation evidence (0.1 and below), so the two stay apart.
 */
export const NO_EVIDENCE_CONFIDENCE = 0.3
/** Fewer events than this in total say nothing either way. */
export const MIN_EVENTS = 8
/**
 * The learned typing model's log-odds are clipped to this either way: typing alone can carry a session,
 * but a person's pointer evidence is not wiped out by one unusual typing window, nor a bot's by its keys.
 */
export const KEYS_SATURATION = 5
/** A modality whose log-odds reach this names a reason. */
const REASON_Z = 1

/** Pointer features whose bot evidence says the motion was drawn along lines; the rest say timing. */
const LINEAR_FEATURES = /^(path|steps)\.|^segments\.(straight|logDeviation)/
const HUMAN_REASON: Record<Modality, Reason> = {
  pointer: 'HUMAN_MOTION',
  keys: 'HUMAN_TYPING',
  scroll: 'HUMAN_SCROLL',
}
/** A window with at least this share of its moves made with a button held is a drag. */
export const DRAG_SHARE = 0.5

const GROUPS = Object.entries(FEATURES)
/** `group.name` of every registered feature, in the order `featureValues` returns them. */
const FEATURE_NAMES: readonly string[] = GROUPS.flatMap(([group, g]) =>
  g.names.map((name) => `${group}.${name}`),
)
const FEATURE_INDEX = new Map(FEATURE_NAMES.map((name, i) => [name, i]))
const DRAG_AT = FEATURE_INDEX.get('approach.dragShare')!
const HOLD_AT = FEATURE_INDEX.get('keys.logHold')!

/** Extracts every registered feature as `group.name` -> value. */
export function extractFeatures(signals: Signals): Map<string, number> {
  const values = featureValues(framesOf(prepare(signals)))
  return new Map(FEATURE_NAMES.map((name, i) => [name, values[i]!]))
}

/**
 * Every registered feature's value, in FEATURE_NAMES order; only the groups `wanted` says (by index into
 * GROUPS) when given, the others' values NaN.
 */
function featureValues(p: Prepared, wanted?: readonly boolean[]): number[] {
  const out: number[] = []
  for (let k = 0; k < GROUPS.length; k++) {
    const g = GROUPS[k]![1]
    if (wanted && !wanted[k]) {
      for (let i = 0; i < g.names.length; i++) out.push(NaN)
      continue
    }
    const values = g.extract(p)
    for (let i = 0; i < g.names.length; i++) out.push(values[i]!)
  }
  return out
}

/** The index into GROUPS of feature `group.name`'s group. */
const groupOf = (name: string) => GROUPS.findIndex(([group]) => name.startsWith(`${group}.`))

/** How many events of each modality the session holds: the evidence each model is scaled by. */
export function evidence(signals: Signals): Record<Modality, number> {
  return {
    pointer: signals.moves.length + signals.buttons.length,
    keys: signals.keys.length,
    scroll: signals.scrolls.length,
  }
}

/** The feature (by index into `names`) pulling hardest toward a bot, or -1. */
function worstOf(contributions: Float64Array): number {
  let worst = -1
  for (let i = 0; i < contributions.length; i++)
    if (contributions[i]! < 0 && (worst < 0 || contributions[i]! < contributions[worst]!)) worst = i
  return worst
}

export interface ScorerOptions {
  /**
   * On a drag window the pointer model's bot evidence counts only beyond this many log-odds (z + margin
   * when z < -margin). Infinity, the default, never lets it lower the score: held out whole, DELBOT's
   * people drawing circles failed every margin under 6 (docs/scoring.md, *Issue 14, fourth round*). For
   * measuring (`npm run eval -- --drag-margin`).
   */
  dragMargin?: number
}

export function createScorer(model: ModelFile, { dragMargin = Infinity }: ScorerOptions = {}) {
  const pointer = model.models.pointer
  const keysModel = model.models.keys
  const linear = { keys: keysModel.kind === 'linear' ? keysModel : null, scroll: model.models.scroll }
  // where each model input sits among the extracted values, resolved once (-1: not extracted, so NaN)
  const at = (names: string[]) => names.map((name) => FEATURE_INDEX.get(name) ?? -1)
  const pointerAt = at(pointer.features)
  const linearAt = { keys: at(keysModel.features), scroll: at(linear.scroll.features) }
  const keysX = new Float64Array(keysModel.features.length)
  const x = new Float64Array(pointer.features.length)
  const contributions = new Float64Array(pointer.features.length)
  const arena = new Arena()
  const predictPointer = compileForest(pointer.forest)
  const predictKeys = keysModel.kind === 'forest' ? compileForest(keysModel.forest) : null
  const framesArena = new Arena()

  /** The pointer model's log-odds, and the reason its bot evidence gives. */
  function pointerZ(values: number[], amount: number, touch: boolean): [number, Reason | null] {
    for (let i = 0; i < x.length; i++) x[i] = pointerAt[i]! >= 0 ? values[pointerAt[i]!]! : NaN
    const c = pointer.calibration
    const raw = predictPointer(x)
    let z = (c.a * raw + c.b + calibrationShift(pointer, amount)) * Math.min(1, amount / pointer.evidence)
    if (z >= REASON_Z) return [z, touch ? 'HUMAN_TOUCH' : HUMAN_REASON.pointer]
    // the pointer model learned from mice; on a touch screen or pen its bot evidence is not trusted, nor on
    // a window that is mostly a drag (a slider, a drawing, drag and drop): people's drags are a task unlike
    // any form's, and held-out people doing one drag failed the model. Those are judged on hard evidence
    // and human evidence only (a drag's beyond `dragMargin`, when measuring one)
    if (touch) return [Math.max(0, z), null]
    if (values[DRAG_AT]! >= DRAG_SHARE) {
      if (z > -dragMargin) return [Math.max(0, z), null]
      z += dragMargin
    }
    if (z > -REASON_Z) return [z, null]
    forestContributions(pointer.forest, x, contributions)
    const worst = pointer.features[worstOf(contributions)] ?? ''
    return [z, LINEAR_FEATURES.test(worst) ? 'LINEAR_MOTION' : 'REGULAR_TIMING']
  }

  const keysPriorAt = keysModel.kind === 'forest' && keysModel.prior ? at(keysModel.prior.features) : []

  // the feature groups each modality's model reads (with the ones its rules read: the drag share, the
  // holds): a session without events of a modality does not run its model, so its groups are left out
  const reads: Record<Modality, string[]> = {
    pointer: [...pointer.features, FEATURE_NAMES[DRAG_AT]!],
    keys: [
      ...keysModel.features,
      ...(keysModel.kind === 'forest' && keysModel.prior ? keysModel.prior.features : []),
      FEATURE_NAMES[HOLD_AT]!,
    ],
    scroll: linear.scroll.features,
  }
  const readBy = (modality: Modality) =>
    GROUPS.map((_, k) => reads[modality].some((name) => groupOf(name) === k))
  const groupsOf = { pointer: readBy('pointer'), keys: readBy('keys'), scroll: readBy('scroll') }
  const wanted = GROUPS.map(() => false)
  function wantedFor(amount: Record<Modality, number>): boolean[] {
    for (let k = 0; k < wanted.length; k++)
      wanted[k] =
        (amount.pointer > 0 && groupsOf.pointer[k]!) ||
        (amount.keys > 0 && groupsOf.keys[k]!) ||
        (amount.scroll > 0 && groupsOf.scroll[k]!)
    return wanted
  }

  /** The learned typing model's log-odds: the lower of the forest's and its prior's, saturated. */
  function keysForestZ(m: ForestModel, values: number[], amount: number): [number, Reason | null] {
    for (let i = 0; i < keysX.length; i++)
      keysX[i] = linearAt.keys[i]! >= 0 ? values[linearAt.keys[i]!]! : NaN
    const c = m.calibration
    // holds not measured (an on-screen keyboard on a touch screen, features/keys.ts): no person in the
    // training data typed so, so the forest is not trusted there and the prior alone decides
    let raw =
      m.prior && Number.isNaN(values[HOLD_AT]!)
        ? Infinity
        : c.a * predictKeys!(keysX) + c.b + calibrationShift(m, amount)
    if (m.prior)
      raw = Math.min(
        raw,
        applyLinearTo(
          m.prior,
          keysPriorAt.map((i) => (i >= 0 ? values[i]! : NaN)),
        ).z,
      )
    const z = Math.max(-KEYS_SATURATION, Math.min(KEYS_SATURATION, raw)) * Math.min(1, amount / m.evidence)
    return [z, z >= REASON_Z ? HUMAN_REASON.keys : z <= -REASON_Z ? 'REGULAR_TIMING' : null]
  }

  function linearZ(modality: 'keys' | 'scroll', values: number[], amount: number): [number, Reason | null] {
    if (modality === 'keys' && keysModel.kind === 'forest') return keysForestZ(keysModel, values, amount)
    const m = linear[modality]!
    const r = applyLinearTo(
      m,
      linearAt[modality].map((i) => (i >= 0 ? values[i]! : NaN)),
    )
    const z = (r.z + calibrationShift(m, amount)) * Math.min(1, amount / m.evidence)
    return [z, z >= REASON_Z ? HUMAN_REASON[modality] : z <= -REASON_Z ? 'REGULAR_TIMING' : null]
  }

  return function score(signals: Signals | null): Score {
    if (!signals) return { confidence: NO_EVIDENCE_CONFIDENCE, reasons: ['NO_SIGNALS'] }
    const reasons: Reason[] = []
    const amount = evidence(signals)
    const total = amount.pointer + amount.keys + amount.scroll
    let z = 0
    const p = prepare(signals, arena)
    if (total >= MIN_EVENTS) {
      // features read the moves normalised to display frames; hard evidence reads every move
      const values = featureValues(framesOf(p, framesArena), wantedFor(amount))
      const parts = [
        amount.pointer ? pointerZ(values, amount.pointer, p.touch) : null,
        amount.keys ? linearZ('keys', values, amount.keys) : null,
        amount.scroll ? linearZ('scroll', values, amount.scroll) : null,
      ]
      for (const part of parts) {
        if (!part) continue
        z += part[0]
        if (part[1]) reasons.push(part[1])
      }
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
    return {
      confidence: roundConfidence(confidence),
      reasons: reasons.filter((r, i) => reasons.indexOf(r) === i),
    }
  }
}

let defaultScorer: ((signals: Signals | null) => Score) | undefined

/** Scores with the committed model (server/scoring/model.json), loaded on first use. */
export function score(signals: Signals | null): Score {
  defaultScorer ??= createScorer(loadModel())
  return defaultScorer(signals)
}
