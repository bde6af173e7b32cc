/**
 * Realistic signals payloads: the first minutes of a recorded person (SapiMouse), cut to 5, 10 and
 * 30 seconds and encoded exactly as the snippet would send them.
 */
import { join } from 'node:path'
import { encodeTrace } from '../snippet/trace.ts'
import { dataFiles, defaultDataDir, readRecords } from '../tools/data.ts'

export const PAYLOAD_SECONDS = [5, 10, 30] as const
export type PayloadSeconds = (typeof PAYLOAD_SECONDS)[number]

export async function humanPayloads(root: string): Promise<Record<PayloadSeconds, string>> {
  const dir = defaultDataDir(root)
  const file = dataFiles(dir).find((f) => f.endsWith('sapimouse.jsonl.gz'))
  if (!file) throw new Error(`bench needs ${join(dir, 'sapimouse.jsonl.gz')} (the shared data set)`)
  for await (const record of readRecords(file)) {
    const last = record.events[record.events.length - 1]
    if (record.label !== 'human' || !last || last.t_ms < 30_000) continue
    const cut = (seconds: number) =>
      encodeTrace(
        record.events.filter((e) => e.t_ms <= seconds * 1000),
        { viewport: record.screen, nowMs: seconds * 1000 },
      )
    return { 5: cut(5), 10: cut(10), 30: cut(30) }
  }
  throw new Error(`no human session of 30 s or more in ${file}`)
}
