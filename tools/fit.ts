/**
 * Fitting the pointer model from samples, and assembling model.json. Used by `npm run train` and by the
 * hold-out evaluation (which refits without the held-out group).
 */
import type { Modality } from '../server/scoring/feature.ts'
import { FEATURES } from '../server/scoring/features/index.ts'
import { evidence } from '../server/scoring/index.ts'
import type { LinearModel, ModelFile } from '../server/scoring/model.ts'
import { applyLinear } from '../server/scoring/model.ts'
import type { Sample } from './dataset.ts'
import { fitLogistic } from './logistic.ts'
import { KEYS_PRIOR, SCROLL_PRIOR } from './priors.ts'

/** Bot kinds that reuse another family's motion and differ only by a hard flag: never trained on. */
export const FLAG_ONLY_KINDS = new Set(['generated/script', 'generated/webdriver'])
/** Training people are kept at least this often on the human side, in every source. */
export const TRAIN_HUMAN_PASS = 0.995
/** Pointer evidence (moves + presses) that earns the model its full weight. */
export const POINTER_EVIDENCE = 60
/** Extra log-odds toward people on top of the calibration: unseen populations are the biggest risk. */
export const CALIBRATION_MARGIN = 2
/** Strong regularisation: small weights on many features hold across sources better than large ones on few. */
export const L2 = 0.1
/** Bounds (pointer events) of the evidence buckets calibrated separately. */
export const EVIDENCE_BUCKETS = [40, 100, 250] as const
/** A source calibrates a bucket only with at least this many windows in it. */
export const MIN_BUCKET_WINDOWS = 30

export function featureNames(modality: Modality): string[] {
  return Object.entries(FEATURES).flatMap(([group, g]) =>
    g.modality === modality ? g.names.map((n) => `${group}.${n}`) : [],
  )
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]!
}

export function fitPointer(samples: Sample[], log: (m: string) => void = () => {}): LinearModel {
  const names = featureNames('pointer')
  const train = samples.filter((s) => !FLAG_ONLY_KINDS.has(s.group) && evidence(s.signals).pointer >= 8)
  // every group weighs the same, and both classes weigh the same in total
  const perGroup = new Map<string, number>()
  for (const s of train) perGroup.set(s.group, (perGroup.get(s.group) ?? 0) + 1)
  const groupsOf = (human: boolean) =>
    new Set(train.filter((s) => s.human === human).map((s) => s.group)).size
  const humanGroups = groupsOf(true)
  const botGroups = groupsOf(false)
  const weight = train.map((s) => 1 / perGroup.get(s.group)! / (s.human ? humanGroups : botGroups))

  const lo: number[] = []
  const hi: number[] = []
  const mean: number[] = []
  const scale: number[] = []
  names.forEach((name) => {
    const values = train
      .map((s) => s.features.get(name) ?? NaN)
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b)
    const l = quantile(values, 0.01)
    const h = quantile(values, 0.99)
    const clipped = values.map((v) => Math.min(h, Math.max(l, v)))
    const m = clipped.reduce((a, b) => a + b, 0) / Math.max(clipped.length, 1)
    const sd = Math.sqrt(clipped.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(clipped.length, 1))
    lo.push(l)
    hi.push(h)
    mean.push(m)
    scale.push(sd > 1e-9 ? sd : 1)
  })
  const x = train.map((s) =>
    names.map((name, j) => {
      const v = s.features.get(name) ?? NaN
      return Number.isNaN(v) ? 0 : (Math.min(hi[j]!, Math.max(lo[j]!, v)) - mean[j]!) / scale[j]!
    }),
  )
  log(`fitting pointer model on ${train.length} windows, ${names.length} features`)
  const fit = fitLogistic(
    x,
    train.map((s) => (s.human ? 1 : 0)),
    weight,
    L2,
  )
  const model: LinearModel = {
    features: names,
    lo,
    hi,
    mean,
    scale,
    weights: fit.weights,
    bias: fit.bias,
    evidence: POINTER_EVIDENCE,
    origin: 'trained',
  }

  // calibrate per amount of evidence: shift toward people until, in every evidence bucket, each training
  // source with enough windows there keeps TRAIN_HUMAN_PASS of them; less evidence is never judged stricter
  const zs = new Map<string, number[]>()
  for (const s of train) {
    if (!s.human) continue
    const amount = evidence(s.signals).pointer
    const bucket = EVIDENCE_BUCKETS.filter((b) => amount >= b).length
    const key = `${bucket} ${s.source}`
    zs.set(key, [...(zs.get(key) ?? []), applyLinear(model, (n) => s.features.get(n) ?? NaN).z])
  }
  const shift = EVIDENCE_BUCKETS.map(() => 0).concat(0)
  for (const [key, list] of zs) {
    const [bucket, source] = key.split(' ') as [string, string]
    if (list.length < MIN_BUCKET_WINDOWS) continue
    const q = quantile(
      list.sort((a, b) => a - b),
      1 - TRAIN_HUMAN_PASS,
    )
    shift[Number(bucket)] = Math.max(shift[Number(bucket)]!, -q)
    log(
      `  ${source}, evidence bucket ${bucket}: log-odds at the ${((1 - TRAIN_HUMAN_PASS) * 100).toFixed(1)}% quantile ${q.toFixed(2)}`,
    )
  }
  for (let i = shift.length - 2; i >= 0; i--) shift[i] = Math.max(shift[i]!, shift[i + 1]!)
  model.calibration = { upTo: [...EVIDENCE_BUCKETS], shift: shift.map((v) => v + CALIBRATION_MARGIN) }
  log(
    `  calibration shifts toward people by evidence: ${model.calibration.shift.map((v) => v.toFixed(2)).join(', ')}`,
  )
  return model
}

export function buildModel(samples: Sample[], log?: (m: string) => void): ModelFile {
  const groups = [...new Set(samples.map((s) => s.group))].sort()
  return {
    version: 1,
    models: { pointer: fitPointer(samples, log), keys: KEYS_PRIOR, scroll: SCROLL_PRIOR },
    summary: { windows: samples.length, groups },
  }
}
