import type { TraceRecord } from '../data.ts'
import type { Rng } from './rng.ts'
import type { KeyRhythm } from './rhythms.ts'
import type { PressSchedule } from './schedules.ts'

/**
 * One kind of generated bot. `generate` must be deterministic in its arguments. Families that replay
 * people's press schedules draw one from `schedules`; with none (or for families that do not replay) they
 * press random targets. Families that replay people's key rhythms draw one from `rhythms`.
 */
export interface BotFamily {
  describe: string
  generate(
    rng: Rng,
    index: number,
    schedules?: readonly PressSchedule[],
    rhythms?: readonly KeyRhythm[],
  ): TraceRecord
}
