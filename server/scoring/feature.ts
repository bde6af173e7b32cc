/** What a feature group is. Groups live one per file in features/ and are listed in features/index.ts. */
import type { Prepared } from './strokes.ts'

export type Modality = 'pointer' | 'keys' | 'scroll'

export interface FeatureGroup {
  modality: Modality
  /** one name per value `extract` returns, stable: model.json refers to them */
  names: readonly string[]
  /** values in `names` order; NaN where a value cannot be measured on this session (the model then ignores it) */
  extract(p: Prepared): number[]
}
