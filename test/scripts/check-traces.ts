/**
 * Feeds every session of every data set through encodeTrace and decodes the result with the
 * server's decoder. Usage: tsx test/scripts/check-traces.ts [data dir]. Exits 1 on any failure.
 */
import { createReadStream, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { decodeSignals, MAX_SIGNALS_LENGTH } from '../../shared/signals.ts'
import { encodeTrace, parseTraceLine } from '../../snippet/trace.ts'

const dir = process.argv[2] ?? '/work/shared/data'
let failures = 0
for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz'))) {
  const lines = createInterface({
    input: createReadStream(join(dir, file)).pipe(createGunzip()),
    crlfDelay: Infinity,
  })
  let sessions = 0
  let longest = 0
  let moves = 0
  for await (const line of lines) {
    if (!line.trim()) continue
    const record = parseTraceLine(line)
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
