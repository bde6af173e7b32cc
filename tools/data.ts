/** Reading recorded traces: gzipped (or plain) JSON Lines, one session per line (see ../shared/data/README.md). */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface TraceEvent {
  t_ms: number
  type: string
  x?: number | null
  y?: number | null
  button?: number
  buttons?: number
  deltaY?: number
  scrollY?: number
  key?: string
  t_estimated?: boolean
  /** generated bots only: the event was dispatched by script (isTrusted false) */
  untrusted?: boolean
}

export interface TraceRecord {
  source: string
  label: 'human' | 'bot'
  bot_kind: string | null
  session_id: string
  screen: [number, number] | null
  events: TraceEvent[]
  /** generated bots only: automation markers the page would see (AUTOMATION_MARKERS bits) */
  automation?: number
  /** generated bots only: a copy with every movement made with the button held (tools/bots/held.ts) */
  held?: boolean
}

/** Streams the records of one .jsonl or .jsonl.gz file. */
export async function* readRecords(file: string): AsyncGenerator<TraceRecord> {
  const raw = createReadStream(file)
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  const lines = createInterface({ input, crlfDelay: Infinity })
  for await (const line of lines) {
    // some recorders wrote NaN for missing touch-end positions, which JSON does not allow
    if (line.trim()) yield toPixels(JSON.parse(line.replace(/:\s*-?NaN\b/g, ':null')) as TraceRecord)
  }
}

/**
 * Some recorders (part of DELBOT's) wrote positions as fractions of the screen, 0..1. A browser reports
 * CSS pixels, so such a record is scaled by its screen size; left as it is, every move would round to
 * 0 or 1 px and the trace would say nothing about the hand (or the bot) that made it.
 */
export function toPixels(r: TraceRecord): TraceRecord {
  if (!r.screen) return r
  let positioned = 0
  for (const e of r.events) {
    if (e.x == null || e.y == null) continue
    if (Math.abs(e.x) > 1 || Math.abs(e.y) > 1) return r
    positioned++
  }
  if (positioned === 0) return r
  const [w, h] = r.screen
  return {
    ...r,
    events: r.events.map((e) => (e.x == null || e.y == null ? e : { ...e, x: e.x * w, y: e.y * h })),
  }
}

/** The data files of a folder, sorted by name so every run sees the same order. Throws a clear message if none. */
export function dataFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`no data folder at ${dir} (pass --data DIR)`)
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl.gz') || f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f))
}

/** The default data folder: ../shared/data beside the repository. */
export function defaultDataDir(repoRoot: string): string {
  return resolve(repoRoot, '..', 'shared', 'data')
}

/** The group a record is reported and held out under: its source, and bot kind or `human`. */
export function groupOf(r: TraceRecord): string {
  return `${r.source}/${r.bot_kind ?? 'human'}`
}

/**
 * Who made a record, so that no person has windows on both sides of a hold-out. Most sources name the
 * person before the first `/` of the session id (`user12/session_…`, `0/3`); AdSERP before the first `-`
 * (`p004-b1-t3`); DELBOT's folders are tasks, not people, and Barkworth's sessions are one per person, so
 * there the session is the person. A bot's run is its own unit.
 */
export function personOf(r: TraceRecord): string {
  const id = r.session_id
  if (r.label === 'bot' || r.source === 'delbot' || r.source.startsWith('barkworth'))
    return `${r.source}:${id}`
  if (r.source.startsWith('adserp')) return `${r.source}:${id.split('-')[0]}`
  return `${r.source}:${id.includes('/') ? id.slice(0, id.indexOf('/')) : id}`
}
