import { describe, expect, it } from 'vitest'
import type { ButtonSample, KeySample } from '../../shared/signals.ts'
import type { Forest } from './forest.ts'
import { HUMAN_THRESHOLD, KEYS_SATURATION, createScorer } from './index.ts'
import type { ForestModel, LinearModel, ModelFile } from './model.ts'
import { loadModel } from './model.ts'
import { signalsOf } from './testing.ts'

const committed = loadModel()
/** The hand-set typing prior: the committed keys model, or the prior a learned one carries. */
const prior = (
  committed.models.keys.kind === 'linear' ? committed.models.keys : committed.models.keys.prior
) as LinearModel

/** A forest of one leaf: every window gets `z` log-odds from it. */
const constant = (z: number): Forest => ({
  base: z,
  roots: [0],
  feature: [-1],
  threshold: [0],
  nanLeft: [0],
  left: [-1],
  right: [-1],
  value: [0],
})

function scorerWith(z: number, withPrior = true) {
  const keys: ForestModel = {
    kind: 'forest',
    features: ['keys.logHold', 'rhythm.gapIqr'],
    forest: constant(z),
    calibration: { a: 1, b: 0, upTo: [], shift: [0] },
    evidence: 20,
    ...(withPrior ? { prior } : {}),
    origin: 'trained',
  }
  const model: ModelFile = { ...committed, models: { ...committed.models, keys } }
  return createScorer(model)
}

/** 40 keys with varied holds and gaps, as a person types them. */
function typed(fixed = false): KeySample[] {
  const out: KeySample[] = []
  let t = 0
  for (let i = 0; i < 40; i++) {
    const hold = fixed ? 50 : 70 + ((i * 37) % 61)
    out.push(
      [t, 'down', i % 5 === 4 ? 'space' : 'letter'],
      [t + hold, 'up', i % 5 === 4 ? 'space' : 'letter'],
    )
    t += fixed ? 150 : 150 + ((i * 53) % 251)
  }
  return out.sort((a, b) => a[0] - b[0])
}

describe('the learned typing model', () => {
  it("decides typing alone: a person's keys pass when the forest says so and fail when it does not", () => {
    const keys = typed()
    const pass = scorerWith(3)(signalsOf({ keys }))
    expect(pass.confidence).toBeGreaterThanOrEqual(HUMAN_THRESHOLD)
    expect(pass.reasons).toContain('HUMAN_TYPING')
    const fail = scorerWith(-3)(signalsOf({ keys }))
    expect(fail.confidence).toBeLessThan(HUMAN_THRESHOLD)
    expect(fail.reasons).toContain('REGULAR_TIMING')
  })

  it('never rises above its prior: a fixed rhythm the prior blocks stays blocked however sure the forest is', () => {
    const keys = typed(true)
    expect(scorerWith(20)(signalsOf({ keys })).confidence).toBeLessThan(HUMAN_THRESHOLD)
    // without the prior the forest alone would pass it
    expect(scorerWith(20, false)(signalsOf({ keys })).confidence).toBeGreaterThanOrEqual(HUMAN_THRESHOLD)
  })

  it('leaves keys whose holds cannot be measured (an on-screen keyboard, touched) to the prior', () => {
    const keys: KeySample[] = []
    let t = 500
    for (let i = 0; i < 40; i++) {
      keys.push([t, 'down', 'letter'], [t, 'up', 'letter'])
      t += 140 + ((i * 97) % 230)
    }
    const tap: ButtonSample[] = [
      [0, 'down', 200, 300, 'touch'],
      [90, 'up', 200, 300, 'touch'],
    ]
    // the forest, which never saw a person type so, would block them; the prior passes a human rhythm
    expect(scorerWith(-5)(signalsOf({ keys, buttons: tap })).confidence).toBeGreaterThanOrEqual(
      HUMAN_THRESHOLD,
    )
    // without the touch the zero holds are measured, and the forest is heard
    expect(scorerWith(-5)(signalsOf({ keys })).confidence).toBeLessThan(HUMAN_THRESHOLD)
  })

  it(`saturates at ${KEYS_SATURATION} log-odds either way`, () => {
    const keys = typed()
    const at = (z: number) => scorerWith(z, false)(signalsOf({ keys })).confidence
    expect(at(-50)).toBe(at(-KEYS_SATURATION))
    expect(at(-KEYS_SATURATION)).toBeLessThan(at(-KEYS_SATURATION + 1))
    expect(at(50)).toBe(at(KEYS_SATURATION))
  })
})
