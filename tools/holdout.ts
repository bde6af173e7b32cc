/**
 * Leave-one-group-out: for every human source and every bot kind, fit the model without that group and
 * score the group's windows with it. The union of those scores measures how the model does on people and
 * bots it has never seen.
 */
import { createScorer } from '../server/scoring/index.ts'
import type { Sample } from './dataset.ts'
import { buildModel } from './fit.ts'
import type { Scored } from './metrics.ts'

/** The group a sample is held out under: a human source as a whole, or one bot kind. */
export function holdoutGroup(s: Sample): string {
  return s.human ? `${s.source}/human` : s.group
}

/** Generated bots that share another family's motion are held out with it. */
const SAME_MOTION: Record<string, string> = {
  'generated/webdriver': 'generated/minjerk',
  'generated/script': 'generated/bezier',
}

export function holdout(samples: Sample[], progress: (m: string) => void = () => {}): Scored[] {
  const groups = [...new Set(samples.map(holdoutGroup))].sort()
  const scored: Scored[] = []
  groups.forEach((g, i) => {
    const out = (s: Sample) => holdoutGroup(s) === g || SAME_MOTION[holdoutGroup(s)] === g
    const model = buildModel(samples.filter((s) => !out(s)))
    const score = createScorer(model)
    const held = samples.filter((s) => holdoutGroup(s) === g)
    for (const s of held)
      scored.push({ group: g, human: s.human, span: s.span, confidence: score(s.signals).confidence })
    progress(`held out ${g} (${i + 1}/${groups.length}): ${held.length} windows`)
  })
  return scored
}
