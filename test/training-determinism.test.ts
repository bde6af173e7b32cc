/**
 * `npm run train` must give byte-identical model.json from the same data. The whole run takes a minute and
 * a half, so this runs the same code (windows, features, forest, out-of-fold calibration) on a slice:
 * the first people of the point-and-click study and of the typing sets, and a few generated bots of every
 * family; with the typing model learned as well as with the prior.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateBots } from '../tools/bots/index.ts'
import { readRecords, type TraceRecord } from '../tools/data.ts'
import { toSample, type Sample } from '../tools/dataset.ts'
import { buildModel, FOREST_SEED } from '../tools/fit.ts'
import { allWindows } from '../tools/windows.ts'

const DATA = process.env.HUMA_DATA ?? join('..', 'shared', 'data')
const FILE = join(DATA, 'freihaut.jsonl.gz')
const KEYS_FILE = join(DATA, 'keystrokes.jsonl.gz')
const present = existsSync(FILE) && existsSync(KEYS_FILE)
if (!present)
  console.warn(
    `\n*** no recorded traces at ${FILE} or ${KEYS_FILE}: the training determinism test is SKIPPED ***\n`,
  )

async function slice(): Promise<Sample[]> {
  const records: TraceRecord[] = []
  for await (const r of readRecords(FILE)) if (records.push(r) >= 12) break
  // and people typing, for the typing model
  for await (const r of readRecords(KEYS_FILE)) if (records.push(r) >= 24) break
  records.push(...generateBots(3, 5))
  return records.flatMap((r) => allWindows(r, 2).flatMap((w) => toSample(r, w) ?? []))
}

describe.skipIf(!present)('training', () => {
  it('gives byte-identical models from the same data, and another model from other data', async () => {
    const samples = await slice()
    for (const keys of ['learned', 'prior'] as const) {
      const first = JSON.stringify(buildModel(samples, undefined, keys))
      expect(JSON.stringify(buildModel(await slice(), undefined, keys))).toBe(first)
      expect(JSON.stringify(buildModel(samples.slice(0, -40), undefined, keys))).not.toBe(first)
    }
  }, 240_000)

  it("draws the pointer trees' features by the forest seed: the same seed, the same model; another, another", async () => {
    const samples = await slice()
    const pointer = (seed?: number) =>
      JSON.stringify(buildModel(samples, undefined, 'prior', undefined, seed).models.pointer)
    const shipped = pointer()
    expect(pointer(FOREST_SEED)).toBe(shipped)
    expect(pointer(FOREST_SEED + 1)).not.toBe(shipped)
  }, 240_000)
})
