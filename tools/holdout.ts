/**
 * Held-out evaluation. The quality figure: HOLDOUT_FOLDS folds, each holding out a fifth of the people of
 * every source (by person: no one has windows on both sides) and a fifth of the bot kinds (whole: every
 * window of a held-out kind, generated or recorded), each fold scored by a model fitted without it.
 * The stress test: leave one human source out whole (`sourceHoldout`), for people whose recorder and task
 * the model has never seen.
 */
import { createScorer, type ScorerOptions } from '../server/scoring/index.ts'
import type { Sample } from './dataset.ts'
import { trainable } from './shapes.ts'
import type { ForestModel } from '../server/scoring/model.ts'
import { botKindsOf, buildModel, fitPointer, foldOf, pointerTraining, UNSEEN_DESIGNS } from './fit.ts'
import type { Scored } from './metrics.ts'
import { judgedBy } from './metrics.ts'

export const HOLDOUT_FOLDS = 5

/** The copies of generated sessions made with the button held (tools/bots/held.ts), every kind's together. */
export const HELD_GROUP = 'generated/held'

/**
 * The group a sample is reported under: a human source as a whole, one bot kind, or the held-button copies
 * of every kind (held out with their own kind, reported apart so each kind's figure keeps its meaning).
 */
export function holdoutGroup(s: Sample): string {
  if (s.held) return HELD_GROUP
  return (
    (s.human ? `${s.source}/human` : s.group) +
    (s.shape ? ` [${s.shape}]` : '') +
    (s.change ? ` [${s.change}]` : '')
  )
}

/** Generated bots that share another family's motion are held out with it. */
const SAME_MOTION: Record<string, string> = {
  'generated/webdriver': 'generated/minjerk',
  'generated/script': 'generated/bezier',
}

/** The outer fold of a sample: by person, or by bot kind (a flag-only kind with the kind whose motion it shares). */
function outerFold(s: Sample, kinds: string[]): number {
  const motion = SAME_MOTION[s.group]
  return foldOf(motion ? { ...s, group: motion } : s, HOLDOUT_FOLDS, kinds)
}

/** Which typing model the hold-out fits: the one `npm run train` ships, unless asked for the other. */
export type KeysChoice = 'learned' | 'prior'

/** How the hold-out refits, when not as `npm run train` does. */
export interface Refit {
  keys?: KeysChoice
  /** the seed of the pointer trees' feature draw (FOREST_SEED in tools/fit.ts ships) */
  forestSeed?: number
}

function scoreWith(
  samples: Sample[],
  train: Sample[],
  report: (s: Sample) => string,
  refit: Refit,
  pointer?: ForestModel,
  options?: ScorerOptions,
): Scored[] {
  const model = buildModel(train, undefined, refit.keys, pointer, refit.forestSeed)
  const score = createScorer(model, options)
  return samples.map((s) => {
    const r = score(s.signals)
    return {
      group: report(s),
      human: s.human,
      span: s.span,
      confidence: r.confidence,
      judged: judgedBy(r.reasons),
    }
  })
}

/**
 * The keyboard-only families, added after the pointer families: dealt to folds after them, so that adding
 * them left every older kind in the fold it was in (and the pointer figures as they were). The AUC floor
 * leaves them out (tools/eval.ts).
 */
export const KEYBOARD_FAMILIES = new Set([
  'generated/keyrate',
  'generated/keyjitter',
  'generated/keyiid',
  'generated/keyreplay',
  'generated/keymarkov',
])

/**
 * The families that copy real tools (pyautogui, the human-clicker recipe, Selenium's ActionChains, a
 * small-step walker), added after the keyboard ones and dealt to folds after them for the same reason.
 */
export const TOOL_FAMILIES = [
  'generated/pyautogui',
  'generated/humancurve',
  'generated/actionchains',
  'generated/walk',
]

export function holdout(
  samples: Sample[],
  progress: (m: string) => void = () => {},
  refit: Refit = {},
  options?: ScorerOptions,
): Scored[] {
  // kinds added later are dealt after the older ones, in the order they were added (the designs kept
  // unseen last), so every older kind stays in the fold it was in
  const later = [...[...KEYBOARD_FAMILIES].sort(), ...TOOL_FAMILIES, ...UNSEEN_DESIGNS]
  const kinds = [
    ...botKindsOf(samples.filter((s) => !SAME_MOTION[s.group] && !later.includes(s.group))),
    ...later.filter((k) => samples.some((s) => s.group === k)),
  ]
  const fold = samples.map((s) => outerFold(s, kinds))
  const scored: Scored[] = []
  for (let f = 0; f < HOLDOUT_FOLDS; f++) {
    const held = samples.filter((s, i) => fold[i] === f && !s.augmented)
    scored.push(
      ...scoreWith(
        held,
        samples.filter((_, i) => fold[i] !== f),
        holdoutGroup,
        refit,
        undefined,
        options,
      ),
    )
    const heldKinds = [...new Set(held.filter((s) => !s.human).map((s) => s.group))].join(', ')
    progress(`held out fold ${f + 1}/${HOLDOUT_FOLDS}: ${held.length} windows (bot kinds: ${heldKinds})`)
  }
  return scored
}

/**
 * Each of `sources` held out whole: its people scored by a model that never saw the source, their windows
 * of a single reach or drag too (`[one reach] [source held out]`): an unseen recorder doing an unseen task.
 * A source with no pointer window (the typing sources) leaves the pointer model's training unchanged, so
 * that model is fitted once for all of them (the same forest a refit would give) and only the typing model
 * is refitted.
 */
export function sourceHoldout(
  samples: Sample[],
  sources: readonly string[],
  progress: (m: string) => void = () => {},
  refit: Refit = {},
  options?: ScorerOptions,
): Scored[] {
  const kept = samples.filter(trainable)
  const pointerOf = new Set(pointerTraining(kept).map((s) => s.source))
  let shared: ForestModel | undefined
  return sources.flatMap((source) => {
    const out = (s: Sample) => s.human && s.source === source
    const pointer = pointerOf.has(source)
      ? undefined
      : (shared ??= fitPointer(kept, undefined, refit.forestSeed))
    const scored = scoreWith(
      samples.filter((s) => out(s) && !s.augmented),
      kept.filter((s) => !out(s)),
      (s) => `${holdoutGroup(s)} [source held out]`,
      refit,
      pointer,
      options,
    )
    progress(`held out the source ${source}: ${scored.length} windows`)
    return scored
  })
}
