/**
 * `npm run train` must give byte-identical model.json from the same data. The whole run takes a minute and
 * a half, so this runs the same code (windows, features, forest, out-of-fold calibration) on a slice:
 * the first people of the point-and-click study and a few generated bots of every family.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateBots } from '../tools/bots/index.ts'
import { readRecords, type TraceRecord } from '../tools/data.ts'
import { toSample, type Sample } from '../tools/dataset.ts'
import { buildModel } from '../tools/fit.ts'
import { allWindows } from '../tools/windows.ts'

const FILE = join(process.env.HUMA_DATA ?? join('..', 'shared', 'data'), 'freihaut.jsonl.gz')
const present = existsSync(FILE)
if (!present)
  console.warn(`\n*** no recorded traces at ${FILE}: the training determinism test is SKIPPED ***\n`)

async function slice(): Promise<Sample[]> {
  const records: TraceRecord[] = []
  for await (const r of readRecords(FILE)) if (records.push(r) >= 12) break
  records.push(...generateBots(3, 5))
  return records.flatMap((r) => allWindows(r, 2).flatMap((w) => toSample(r, w) ?? []))
}

describe.skipIf(!present)('training', () => {
  it('gives byte-identical models from the same data, and another model from other data', async () => {
    const samples = await slice()
    const first = JSON.stringify(buildModel(samples))
    expect(JSON.stringify(buildModel(await slice()))).toBe(first)
    expect(JSON.stringify(buildModel(samples.slice(0, -40)))).not.toBe(first)
  }, 120_000)
})
