/**
 * A window that is mostly a drag (a slider, a drawing) is judged on hard evidence and human evidence only:
 * the pointer model may raise its score, never lower it (people's single drags: scoring-people.test.ts).
 * `dragMargin` trusts the model's bot evidence beyond a margin, to measure what that would do
 * (`npm run eval -- --holdout --drag-margin M`, docs/scoring.md).
 */
import { describe, expect, it } from 'vitest'
import { createScorer, HUMAN_THRESHOLD, score } from '../server/scoring/index.ts'
import { loadModel } from '../server/scoring/model.ts'
import { BOT_FAMILIES } from '../tools/bots/index.ts'
import { withButtonHeld } from '../tools/bots/held.ts'
import { createRng } from '../tools/bots/rng.ts'
import { toSignals } from '../tools/pipeline.ts'
import { pressWindows } from '../tools/windows.ts'
import type { Signals } from '../shared/signals.ts'

/** 10-second windows of `walk` sessions as generated, and the same sessions with the button held. */
function windows(sessions: number) {
  const out: { plain: Signals; held: Signals }[] = []
  for (let seed = 0; seed < sessions; seed++) {
    const r = BOT_FAMILIES.walk.generate(createRng(7000 + seed), seed)
    const h = { ...r, events: withButtonHeld(r.events, createRng(seed)) }
    const [wp, wh] = [pressWindows(r, 10, 2), pressWindows(h, 10, 2)]
    for (let i = 0; i < Math.min(wp.length, wh.length); i++) {
      const [plain, held] = [toSignals(wp[i]!), toSignals(wh[i]!)]
      if (plain && held) out.push({ plain, held })
    }
  }
  return out
}

describe('scoring a script that holds the button while it moves', () => {
  const all = windows(30)
  const strict = createScorer(loadModel(), { dragMargin: 0 })
  const blocked = (f: (s: Signals) => number, key: 'plain' | 'held') =>
    all.filter((w) => f(w[key]) < HUMAN_THRESHOLD).length / all.length

  it('reads the same motion as a bot when the model is trusted on drags (dragMargin 0)', () => {
    expect(all.length).toBeGreaterThan(30)
    expect(blocked((s) => score(s).confidence, 'plain')).toBeGreaterThan(0.95)
    expect(blocked((s) => strict(s).confidence, 'held')).toBeGreaterThan(0.9)
  })

  it('never lets the model lower a drag window by default, and changes nothing that is not a drag', () => {
    for (const w of all) {
      expect(score(w.held).confidence).toBeGreaterThanOrEqual(strict(w.held).confidence)
      expect(strict(w.plain)).toEqual(score(w.plain))
    }
  })
})
