/**
 * Feeds every session of every data set through encodeTrace and decodes the result with the
 * server's decoder. Usage: tsx test/scripts/check-traces.ts [data dir]. Exits 1 on any failure.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { decodeSignals, MAX_SIGNALS_LENGTH } from '../../shared/signals.ts'
import { encodeTrace } from '../../snippet/trace.ts'
import { readRecords } from '../../tools/data.ts'

const dir = process.argv[2] ?? join('..', 'shared', 'data')
let failures = 0
for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz'))) {
  let sessions = 0
  let longest = 0
  let moves = 0
  for await (const record of readRecords(join(dir, file))) {
    const encoded = encodeTrace(record.events, { viewport: record.screen })
    const decoded = decodeSignals(encoded)
    sessions++
    longest = Math.max(longest, encoded.length)
    if (!decoded.ok || encoded.length > MAX_SIGNALS_LENGTH) {
      failures++
      console.error(`${file} session ${sessions}: ${decoded.ok ? 'too long' : decoded.message}`)
    } else moves += decoded.signals.moves.length
  }
  console.log(`${file}: ${sessions} sessions, longest payload ${longest} chars, ${moves} moves kept`)
}
if (failures) {
  console.error(`${failures} sessions failed`)
  process.exit(1)
}
