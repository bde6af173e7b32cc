/** Made-up activity for route tests that need a payload with some evidence in it. */
import { encodeTrace } from '../../snippet/trace.ts'
import type { TraceEvent, TraceRecord } from '../../tools/data.ts'

/** A person's wandering pointer as the snippet would encode it, different for each seed. */
export const wanderingPointer = (seed: number): string =>
  encodeTrace(
    Array.from({ length: 120 }, (_, i) => ({
      t_ms: i * 16 + ((i * seed) % 5),
      type: 'mousemove',
      x: Math.round(400 + 180 * Math.sin(i / (9 + seed)) + ((i * i * seed) % 7)),
      y: Math.round(300 + 120 * Math.cos(i / (13 + seed))),
    })),
    { viewport: [1280, 800] },
  )

/** A recorded person's session in the data sets' format, holding `events`. */
export const personRecord = (events: TraceEvent[]): TraceRecord => ({
  source: 'test',
  label: 'human',
  bot_kind: null,
  session_id: 's',
  screen: [1280, 720],
  events,
})
