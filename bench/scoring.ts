/** Scoring cost per payload: decode + features + model, in this process, in microseconds. */
import { decodeSignals } from '../shared/signals.ts'
import { score } from '../server/scoring/index.ts'
import { summarise, type Summary } from './stats.ts'

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
