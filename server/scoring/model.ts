/**
 * The model: per modality a score in log-odds, scaled by how much evidence of that modality the session
 * holds. Pointer input is scored by a tree ensemble learned from data (ForestModel); typing and scrolling by
 * hand-set linear priors over clipped features (LinearModel). Loaded from model.json, written by
 * `npm run train`.
 */
import { readFileSync } from 'node:fs'
import type { Forest } from './forest.ts'

export interface ForestModel {
  kind: 'forest'
  /** `group.name` of each input, in the order the forest's feature indices refer to */
  features: string[]
  forest: Forest
  /**
   * log-odds = a × forest + b (Platt scaling on out-of-fold scores), plus `shift[i]` for sessions with fewer
   * than `upTo[i]` events of the modality (the last shift beyond the last bound): the operating point per amount of
   * evidence, set on people held out by person
   */
  calibration: { a: number; b: number; upTo: number[]; shift: number[] }
  /** full weight is given from this many events of the modality on; fewer scale the score down linearly */
  evidence: number
  /**
   * typing only: a hand-set prior whose log-odds the forest's may not exceed (the lower of the two
   * counts), so what the prior blocks (a fixed hold, a metronome) stays blocked whatever the forest learned
   */
  prior?: LinearModel
  origin: 'trained'
}

export interface LinearModel {
  kind: 'linear'
  /** `group.name` of each input, in order */
  features: string[]
  /** inputs are clipped to [lo, hi], then standardised with (x - mean) / scale; NaN counts as the mean */
  lo: number[]
  hi: number[]
  mean: number[]
  scale: number[]
  weights: number[]
  bias: number
  /** full weight is given from this many events of the modality on; fewer scale the score down linearly */
  evidence: number
  /**
   * Calibration by amount of evidence: sessions with fewer than `upTo[i]` events of the modality get
   * `shift[i]` added to their log-odds (the last shift applies beyond the last bound). Short evidence is
   * noisier, so it needs a more lenient threshold than long evidence.
   */
  calibration?: { upTo: number[]; shift: number[] }
  /** how the model was made: 'trained' on data, or a hand-set 'prior' (see docs/scoring.md) */
  origin: 'trained' | 'prior'
}

export interface ModelFile {
  version: 2
  /** typing: the learned forest, or the hand-set prior while the forest does not hold people (docs/scoring.md) */
  models: { pointer: ForestModel; keys: ForestModel | LinearModel; scroll: LinearModel }
  /** what the artefact was trained on; informational */
  summary: Record<string, unknown>
}

export function loadModel(url: URL = new URL('./model.json', import.meta.url)): ModelFile {
  return JSON.parse(readFileSync(url, 'utf8')) as ModelFile
}

export interface LinearResult {
  /** log-odds for a person, before evidence scaling */
  z: number
  /** index of the input pulling hardest toward a bot, -1 if none does */
  worst: number
}

/** The calibration shift for a session holding `amount` events of the model's modality. */
export function calibrationShift(
  m: { calibration?: { upTo: number[]; shift: number[] } },
  amount: number,
): number {
  const c = m.calibration
  if (!c) return 0
  let i = 0
  while (i < c.upTo.length && amount >= c.upTo[i]!) i++
  return c.shift[i] ?? 0
}

/** Applies one linear model to a value lookup. */
export function applyLinear(m: LinearModel, value: (name: string) => number): LinearResult {
  return applyLinearTo(m, m.features.map(value))
}

/** Applies one linear model to its inputs, in `m.features` order. */
export function applyLinearTo(m: LinearModel, inputs: readonly number[]): LinearResult {
  let z = m.bias
  let worst = -1
  let worstContribution = 0
  for (let i = 0; i < m.features.length; i++) {
    const x = inputs[i]!
    if (Number.isNaN(x)) continue
    const clipped = Math.min(m.hi[i]!, Math.max(m.lo[i]!, x))
    const contribution = (m.weights[i]! * (clipped - m.mean[i]!)) / m.scale[i]!
    z += contribution
    if (contribution < worstContribution) {
      worstContribution = contribution
      worst = i
    }
  }
  return { z, worst }
}
