/**
 * The scorer on recorded people (../shared/data, read at run time, never copied into the repo): what a
 * learned model calls human can only be shown on real hands, not on traces made up for a test. These people
 * were in training, so this checks the live path end to end (recorder, encoder, decoder, features, forest),
 * not quality; held-out quality is `npm run eval -- --holdout`. Skipped, loudly, when the data is not there.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ButtonSample, Signals } from '../shared/signals.ts'
import { automationFindings } from '../server/scoring/automation.ts'
import { HUMAN_THRESHOLD, score } from '../server/scoring/index.ts'
import { prepare } from '../server/scoring/strokes.ts'
import { readRecords } from '../tools/data.ts'
import { toSignals } from '../tools/pipeline.ts'
import { shapeWindows } from '../tools/shapes.ts'
import { pressWindows } from '../tools/windows.ts'

const DATA = process.env.HUMA_DATA ?? join('..', 'shared', 'data')
const FILE = join(DATA, 'freihaut.jsonl.gz')
const present = existsSync(FILE)
if (!present)
  console.warn(`\n*** no recorded traces at ${FILE}: the recorded-people scoring tests are SKIPPED ***\n`)

/** 10-second windows ending at a click, from the first `n` people of the point-and-click study. */
async function people(n: number): Promise<Signals[]> {
  const out: Signals[] = []
  for await (const r of readRecords(FILE)) {
    for (const w of pressWindows(r, 10, 2)) {
      const s = toSignals(w)
      if (s) out.push(s)
    }
    if (out.length >= 2 * n) break
  }
  return out
}

describe.skipIf(!present)('scoring recorded people', () => {
  it('passes people pointing and clicking, with reasons a person earns', async () => {
    const all = await people(10)
    expect(all.length).toBeGreaterThanOrEqual(10)
    for (const s of all) {
      const r = score(s)
      expect(r.confidence).toBeGreaterThanOrEqual(HUMAN_THRESHOLD)
      expect(r.reasons).toContain('HUMAN_MOTION')
    }
  })

  it('passes them when every click is released in the same millisecond, as voice control and dwell clicking make them', async () => {
    for (const s of await people(10)) {
      let down = 0
      const buttons = s.buttons.map((b): ButtonSample => {
        if (b[1] === 'down') down = b[0]
        return b[1] === 'up' ? [down, b[1], b[2], b[3], b[4]] : b
      })
      const r = score({ ...s, buttons })
      expect(r.reasons).not.toContain('IMPOSSIBLE_TIMING')
      expect(r.confidence).toBeGreaterThanOrEqual(HUMAN_THRESHOLD)
    }
  })

  it("never reads a person's single drag as a bot (a slider, a drawing: a task unlike a form's)", async () => {
    const drags: Signals[] = []
    for await (const r of readRecords(join(DATA, 'sapimouse.jsonl.gz'))) {
      for (const [shape, w] of shapeWindows(r, 4)) {
        const s = shape === 'one drag' ? toSignals(w) : null
        if (s) drags.push(s)
      }
      if (drags.length >= 20) break
    }
    expect(drags.length).toBeGreaterThanOrEqual(20)
    for (const s of drags) {
      const r = score(s)
      if (r.reasons.includes('TOO_FEW_EVENTS')) continue // too little to judge: the site's fallback
      expect(r.confidence).toBeGreaterThanOrEqual(HUMAN_THRESHOLD)
    }
  })

  it('finds no hard evidence in them', async () => {
    for (const s of await people(10)) expect(automationFindings(prepare(s))).toEqual([])
  })
})
