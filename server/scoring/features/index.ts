/** Every feature group, by name. A new group is one file in this folder plus one line here. */
import { approach } from './approach.ts'
import { clicks } from './clicks.ts'
import { keys } from './keys.ts'
import { kinematics } from './kinematics.ts'
import { noise } from './noise.ts'
import { path } from './path.ts'
import { powerlaw } from './powerlaw.ts'
import { rhythm } from './rhythm.ts'
import { scatter } from './scatter.ts'
import { scroll } from './scroll.ts'
import { segments } from './segments.ts'
import { steps } from './steps.ts'
import { timing } from './timing.ts'
import { velocity } from './velocity.ts'

export const FEATURES = {
  path,
  velocity,
  powerlaw,
  noise,
  timing,
  clicks,
  steps,
  kinematics,
  segments,
  scatter,
  approach,
  keys,
  rhythm,
  scroll,
} as const

export type FeatureGroupName = keyof typeof FEATURES
