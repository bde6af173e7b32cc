/**
 * Recorded traces of real people and bots (../shared/data, never copied into the repo) through the
 * snippet's recorder and encoder and the server's decoder. Skipped, loudly, when the data is not there.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeSignals, MAX_SIGNALS_LENGTH } from '../shared/signals.ts'
import { encodeTrace, type TraceEvent } from '../snippet/trace.ts'
import { readRecords, type TraceRecord } from '../tools/data.ts'

const DATA = process.env.HUMA_DATA ?? join('..', 'shared', 'data')
const files = existsSync(DATA) ? readdirSync(DATA).filter((f) => f.endsWith('.jsonl.gz')) : []
if (files.length === 0)
  console.warn(`\n*** no recorded traces in ${DATA}: the trace round-trip tests are SKIPPED ***\n`)
const SESSIONS_PER_FILE = 10
const MOVES = new Set(['mousemove', 'pointermove', 'touchmove'])
const BUTTONS = new Set([
  'mousedown',
  'mouseup',
  'click',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
])

async function firstSessions(file: string, n: number): Promise<TraceRecord[]> {
  const out: TraceRecord[] = []
  for await (const record of readRecords(join(DATA, file))) {
    out.push(record)
    if (out.length >= n) break
  }
  return out
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1

describe.skipIf(files.length === 0)('recorded traces through encode and decode', () => {
  it.each(files)(
    '%s: every payload decodes, fits, and keeps real moves and the last one before each press',
    async (file) => {
      for (const { events, screen } of await firstSessions(file, SESSIONS_PER_FILE)) {
        const encoded = encodeTrace(events, { viewport: screen })
        expect(encoded.length).toBeLessThanOrEqual(MAX_SIGNALS_LENGTH)
        const decoded = decodeSignals(encoded)
        if (!decoded.ok) throw new Error(`${file}: ${decoded.message}`)
        const { moves, buttons } = decoded.signals
        const traceMoves = events.filter((e) => MOVES.has(e.type))
        // each kept move is a move of the trace, in order, within 1 ms and 1 px
        let j = 0
        for (const [t, x, y] of moves) {
          while (
            j < traceMoves.length &&
            !(near(traceMoves[j]!.t_ms, t) && near(traceMoves[j]!.x!, x) && near(traceMoves[j]!.y!, y))
          )
            j++
          expect(j, `${file}: move [${t},${x},${y}] is not in the trace`).toBeLessThan(traceMoves.length)
          j++
        }
        // the last move before each press or release is kept
        const first = moves[0]?.[0] ?? Infinity
        let last: TraceEvent | undefined
        for (const e of events) {
          if (MOVES.has(e.type)) last = e
          else if (BUTTONS.has(e.type) && last && last.t_ms >= first) {
            const kept = moves.some(
              ([t, x, y]) => near(t, last!.t_ms) && near(x, last!.x!) && near(y, last!.y!),
            )
            expect(kept, `${file}: the move at ${last.t_ms} ms before a ${e.type} was lost`).toBe(true)
          }
        }
        if (traceMoves.length) {
          const end = traceMoves.at(-1)!
          expect(moves.at(-1)!.map(Math.round)).toEqual([end.t_ms, end.x!, end.y!].map(Math.round))
        }
        expect(buttons.length).toBeLessThanOrEqual(events.filter((e) => BUTTONS.has(e.type)).length)
      }
    },
  )
})
