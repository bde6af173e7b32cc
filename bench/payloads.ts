/**
 * Realistic signals payloads: the first minutes of a recorded person (SapiMouse), cut to 5, 10 and
 * 30 seconds and encoded exactly as the snippet would send them.
 */
import { join } from 'node:path'
import { encodeTrace } from '../snippet/trace.ts'
import { dataFiles, defaultDataDir, readRecords, type TraceRecord } from '../tools/data.ts'

export const PAYLOAD_SECONDS = [5, 10, 30] as const
export type PayloadSeconds = (typeof PAYLOAD_SECONDS)[number]

/** The recorded person: the first human session of 30 s or more in the shared SapiMouse set. */
export async function humanRecord(root: string): Promise<TraceRecord> {
  const dir = defaultDataDir(root)
  const file = dataFiles(dir).find((f) => f.endsWith('sapimouse.jsonl.gz'))
  if (!file) throw new Error(`bench needs ${join(dir, 'sapimouse.jsonl.gz')} (the shared data set)`)
  for await (const record of readRecords(file)) {
    const last = record.events[record.events.length - 1]
    if (record.label === 'human' && last && last.t_ms >= 30_000) return record
  }
  throw new Error(`no human session of 30 s or more in ${file}`)
}

/** The first `seconds` of a record, encoded as the snippet would send them at that time. */
export function encodeFirst(record: TraceRecord, seconds: number): string {
  return encodeTrace(
    record.events.filter((e) => e.t_ms <= seconds * 1000),
    { viewport: record.screen, nowMs: seconds * 1000 },
  )
}

export async function humanPayloads(root: string): Promise<Record<PayloadSeconds, string>> {
  const record = await humanRecord(root)
  return { 5: encodeFirst(record, 5), 10: encodeFirst(record, 10), 30: encodeFirst(record, 30) }
}
