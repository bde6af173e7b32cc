/**
 * Scoring cost per payload: decode + features + model, in this process, in microseconds.
 * `npx tsx bench/scoring.ts [--iterations N]` runs only this part of `npm run bench`.
 */
import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { decodeSignals } from '../shared/signals.ts'
import { score } from '../server/scoring/index.ts'
import { humanPayloads, PAYLOAD_SECONDS } from './payloads.ts'
import { round, summarise, type Summary } from './stats.ts'

export function scoringCost(payload: string, iterations: number): Summary {
  const run = () => {
    const decoded = decodeSignals(payload)
    if (!decoded.ok) throw new Error(`bench payload does not decode: ${decoded.message}`)
    return score(decoded.signals).confidence
  }
  for (let i = 0; i < Math.min(500, iterations); i++) run()
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint()
    run()
    samples.push(Number(process.hrtime.bigint() - started) / 1000)
  }
  return summarise(samples)
}

const entry = process.argv[1]
if (entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  const { values } = parseArgs({ options: { iterations: { type: 'string', default: '5000' } } })
  const payloads = await humanPayloads(join(import.meta.dirname, '..'))
  for (const s of PAYLOAD_SECONDS) {
    const cost = scoringCost(payloads[s], Number(values.iterations))
    console.log(
      `${s} s payload (${payloads[s].length} B): median ${round(cost.median)} µs, p99 ${round(cost.p99)} µs`,
    )
  }
}
