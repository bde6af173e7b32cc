/** Every generated bot family, by name, and a deterministic way to make a batch of traces. */
import type { TraceRecord } from '../data.ts'
import { actionchains } from './actionchains.ts'
import { bezier } from './bezier.ts'
import { cdp } from './cdp.ts'
import { circle } from './circle.ts'
import { creep } from './creep.ts'
import { drag } from './drag.ts'
import { ghost } from './ghost.ts'
import { humancurve } from './humancurve.ts'
import { interp } from './interp.ts'
import { keyiid } from './keyiid.ts'
import { keyjitter } from './keyjitter.ts'
import { keymarkov } from './keymarkov.ts'
import { keyrate } from './keyrate.ts'
import { keyreplay } from './keyreplay.ts'
import { line } from './line.ts'
import { lognormal } from './lognormal.ts'
import { minjerk } from './minjerk.ts'
import { overshoot } from './overshoot.ts'
import { powerlaw } from './powerlaw.ts'
import { pyautogui } from './pyautogui.ts'
import { retimed } from './retimed.ts'
import { createRng } from './rng.ts'
import type { KeyRhythm } from './rhythms.ts'
import type { PressSchedule } from './schedules.ts'
import { script } from './script.ts'
import { slider } from './slider.ts'
import { smoothed } from './smoothed.ts'
import { spline } from './spline.ts'
import { spring } from './spring.ts'
import { teleport } from './teleport.ts'
import { tween } from './tween.ts'
import { typing } from './typing.ts'
import { typist } from './typist.ts'
import { vkeys } from './vkeys.ts'
import { walk } from './walk.ts'
import { webdriver } from './webdriver.ts'
import { wind } from './wind.ts'

// A family's seed is its position here: new families go at the end, so older ones keep their traces.
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
  spline,
  wind,
  spring,
  overshoot,
  creep,
  interp,
  retimed,
  typist,
  vkeys,
  slider,
  drag,
  circle,
  keyrate,
  keyjitter,
  keyiid,
  keyreplay,
  keymarkov,
  pyautogui,
  humancurve,
  actionchains,
  walk,
  lognormal,
  powerlaw,
  smoothed,
} as const
export type BotFamilyName = keyof typeof BOT_FAMILIES

export type { PressSchedule } from './schedules.ts'
export { schedulesOf } from './schedules.ts'
export type { KeyRhythm } from './rhythms.ts'
export { rhythmsOf } from './rhythms.ts'
export { CLOCKS } from './clocks.ts'

/**
 * `count` traces of each family; the same seed (and schedules) give the same traces. Families that replay
 * people's press schedules draw them from `schedules`, and those that replay key rhythms from `rhythms`;
 * without any they press random targets (or replay made-up rhythms).
 */
export function generateBots(
  count: number,
  seed = 1,
  schedules: readonly PressSchedule[] = [],
  rhythms: readonly KeyRhythm[] = [],
): TraceRecord[] {
  const out: TraceRecord[] = []
  Object.entries(BOT_FAMILIES).forEach(([, family], f) => {
    const rng = createRng(seed * 1000 + f)
    for (let i = 0; i < count; i++) out.push(family.generate(rng, i, schedules, rhythms))
  })
  return out
}
