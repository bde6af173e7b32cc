import type { TraceRecord } from '../data.ts'
import type { Rng } from './rng.ts'
import type { PressSchedule } from './schedules.ts'

/**
 * One kind of generated bot. `generate` must be deterministic in its arguments. Families that replay
 * people's press schedules draw one from `schedules`; with none (or for families that do not replay) they
 * press random targets.
 */
export interface BotFamily {
  describe: string
  generate(rng: Rng, index: number, schedules?: readonly PressSchedule[]): TraceRecord
}
