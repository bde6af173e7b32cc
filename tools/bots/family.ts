import type { TraceRecord } from '../data.ts'
import type { Rng } from './rng.ts'

/** One kind of generated bot. `generate` must be deterministic in its arguments. */
export interface BotFamily {
  describe: string
  generate(rng: Rng, index: number): TraceRecord
}
