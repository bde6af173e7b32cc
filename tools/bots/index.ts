/** Every generated bot family, by name, and a deterministic way to make a batch of traces. */
import type { TraceRecord } from '../data.ts'
import { bezier } from './bezier.ts'
import { cdp } from './cdp.ts'
import { ghost } from './ghost.ts'
import { line } from './line.ts'
import { minjerk } from './minjerk.ts'
import { createRng } from './rng.ts'
import { script } from './script.ts'
import { teleport } from './teleport.ts'
import { tween } from './tween.ts'
import { typing } from './typing.ts'
import { webdriver } from './webdriver.ts'

export const BOT_FAMILIES = {
  line,
  teleport,
  bezier,
  minjerk,
  typing,
  cdp,
  tween,
  ghost,
  script,
  webdriver,
} as const
export type BotFamilyName = keyof typeof BOT_FAMILIES

/** `count` traces of each family; the same seed gives the same traces. */
export function generateBots(count: number, seed = 1): TraceRecord[] {
  const out: TraceRecord[] = []
  Object.entries(BOT_FAMILIES).forEach(([, family], f) => {
    const rng = createRng(seed * 1000 + f)
    for (let i = 0; i < count; i++) out.push(family.generate(rng, i))
  })
  return out
}
