/**
 * Payloads of new visitors for `npm run bench` and `bench/verify-quick.ts --fresh`: the recorded
 * person's first 10 s (bench/payloads.ts) turned about the middle of the screen by a random angle and
 * its times warped, as bench/replay.ts makes its fresh ones, then encoded exactly as the snippet would
 * send them. About 4% of a payload's near-duplicate bands (docs/scoring.md) are among those of the
 * payloads before it (measured over 3,000), so a request costs about what a real new visitor's does: its
 * digests written, not read.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import type { TraceRecord } from '../tools/data.ts'
import { seeded } from '../tools/replay-measure.ts'
import type { PayloadPool } from './load.ts'
import { encodeFirst } from './payloads.ts'

/**
 * A new visitor made from a recording: turned by a random angle about (cx, cy), its times warped by up to
 * 250 ms either way (a slope under 1, 250 · 2π / 2000, so events stay in time order). bench/replay.ts
 * makes its fresh payloads with it too.
 */
export function visitorChange(random: () => number, [cx, cy]: readonly [number, number] = [0, 0]) {
  const angle = random() * 2 * Math.PI
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)]
  const period = 2000 + random() * 3000
  const phase = random() * 2 * Math.PI
  return {
    time: (t: number) => Math.floor(t + 250 * Math.sin((2 * Math.PI * t) / period + phase)),
    place(x: number, y: number): [number, number] {
      const [dx, dy] = [x - cx, y - cy]
      return [Math.round(cx + dx * cos - dy * sin), Math.round(cy + dx * sin + dy * cos)]
    },
  }
}

/** The record's first `seconds` (and up to 250 ms more) as a new visitor (visitorChange about the screen's middle). */
export function freshRecord(record: TraceRecord, random: () => number, seconds: number): TraceRecord {
  const change = visitorChange(random, record.screen ? [record.screen[0] / 2, record.screen[1] / 2] : [0, 0])
  return {
    ...record,
    events: record.events.flatMap((e) => {
      if (e.t_ms > seconds * 1000 + 250) return []
      const turned = { ...e, t_ms: change.time(e.t_ms) }
      if (e.x == null || e.y == null) return turned
      const [x, y] = change.place(e.x, e.y)
      return { ...turned, x, y }
    }),
  }
}

/**
 * Writes `count` fresh 10 s payloads to `file`, one a line as they sit inside a JSON string (so a line
 * is the request body's `signals` value as is), for bench/load.lua to send one per request.
 */
export async function writeFreshPayloads(
  record: TraceRecord,
  file: string,
  count: number,
  seed: number,
): Promise<void> {
  const random = seeded(seed)
  const first = { ...record, events: record.events.filter((e) => e.t_ms <= 10_250) }
  const out = createWriteStream(file)
  for (let i = 0; i < count; i++) {
    const line = JSON.stringify(encodeFirst(freshRecord(first, random, 10), 10)).slice(1, -1) + '\n'
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

/**
 * Two pools for a run of `seconds` at up to `perSecond` requests a second, one for a 1 s warm-up and one
 * for the run itself, in `dir`: every request of the two a new visitor. A server that answers faster
 * ends its pool early, and bench/load.lua stops the run there (LoadResult.poolEnded).
 */
export async function freshPools(
  record: TraceRecord,
  dir: string,
  perSecond: number,
  seconds: number,
): Promise<{ warmUp: PayloadPool; run: PayloadPool; count: number }> {
  const warmUp = { file: join(dir, 'fresh-warm-up') }
  const run = { file: join(dir, 'fresh-run') }
  const count = Math.ceil(perSecond * seconds)
  await writeFreshPayloads(record, warmUp.file, Math.ceil(perSecond), 1)
  await writeFreshPayloads(record, run.file, count, 2)
  return { warmUp, run, count }
}
