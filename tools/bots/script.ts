/** Events dispatched by page script (element.dispatchEvent): the browser marks them untrusted. */
import type { BotFamily } from './family.ts'
import { bezier } from './bezier.ts'

export const script: BotFamily = {
  describe: 'Bezier motion dispatched from page script (isTrusted false)',
  generate(rng, index, schedules) {
    const r = bezier.generate(rng, index, schedules)
    return {
      ...r,
      bot_kind: 'script',
      session_id: `script/${index}`,
      events: r.events.map((e) => ({ ...e, untrusted: true })),
    }
  },
}
