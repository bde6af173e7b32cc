/** A browser driven by WebDriver (navigator.webdriver true), moving like the strongest generated bot. */
import { AUTOMATION_MARKERS } from '../../shared/signals.ts'
import type { BotFamily } from './family.ts'
import { minjerk } from './minjerk.ts'

export const webdriver: BotFamily = {
  describe: 'minimum-jerk motion in a WebDriver-controlled browser',
  generate(rng, index, schedules) {
    const r = minjerk.generate(rng, index, schedules)
    return {
      ...r,
      bot_kind: 'webdriver',
      session_id: `webdriver/${index}`,
      automation: AUTOMATION_MARKERS.webdriver,
    }
  },
}
