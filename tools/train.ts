/**
 * npm run train [-- --data DIR]: rebuilds server/scoring/model.json from the recorded traces in DIR
 * (default ../shared/data beside the repository) and the generated bots. Deterministic.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from './data.ts'
import { buildSamples } from './dataset.ts'
import { buildModel } from './fit.ts'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const MODEL_PATH = resolve(ROOT, 'server/scoring/model.json')
/** Dataset settings shared by training and the hold-out evaluation. */
export const DATASET = { windowsPerRecord: 6, botsPerFamily: 120, seed: 1 }

async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string' } } })
  const dataDir = values.data ? resolve(values.data) : defaultDataDir(ROOT)
  const log = (m: string) => console.log(m)
  const samples = await buildSamples({ dataDir, ...DATASET, progress: log })
  // the held-button copies are for the evaluation only (tools/bots/held.ts)
  const model = buildModel(
    samples.filter((s) => !s.held),
    log,
  )
  const p = model.models.pointer
  const text = JSON.stringify(model) + '\n'
  writeFileSync(MODEL_PATH, text)
  console.log(
    `\npointer forest: ${p.forest.roots.length} trees, ${p.forest.feature.length} nodes, ${p.features.length} features`,
  )
  console.log(`wrote ${MODEL_PATH} (${(text.length / 1024).toFixed(0)} KiB)`)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(2)
  })
}
