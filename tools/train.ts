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
  const model = buildModel(samples, log)
  const p = model.models.pointer
  console.log('\npointer model (weight per standard deviation):')
  p.features.forEach((f, i) => console.log(`  ${f.padEnd(30)} ${p.weights[i]!.toFixed(3)}`))
  console.log(`  ${'bias'.padEnd(30)} ${p.bias.toFixed(3)}`)
  writeFileSync(
    MODEL_PATH,
    JSON.stringify(model, (_, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v), 1) + '\n',
  )
  console.log(`\nwrote ${MODEL_PATH}`)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(2)
  })
}
