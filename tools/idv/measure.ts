/**
 * `npm run idv:measure`: the face-similarity distributions behind the bands in server/idv/decide.ts,
 * measured through the server's own matcher (the worker thread, the same decoding and model), on the
 * test faces of tools/idv/faces.ts. Prints same-person and different-person similarities, their
 * quantiles, and where each lands with the bands in force.
 */
import { createHumanMatcher } from '../../server/idv/matcher.ts'
import { REJECT_BELOW, VERIFY_AT } from '../../server/idv/decide.ts'
import { COLUMNS, gridFace, idFace, OTHER_ROWS, SAME_PERSON_ROW } from './faces.ts'

const matcher = createHumanMatcher()
const same: number[] = []
const different: number[] = []
let missed = 0

const row0 = await Promise.all(Array.from({ length: COLUMNS }, (_, c) => gridFace(SAME_PERSON_ROW, c)))
const others: Buffer[] = []
for (const row of OTHER_ROWS) for (let c = 0; c < COLUMNS; c++) others.push(await gridFace(row, c))

// each same-person face in turn as the ID photo, plus the large face: against every other face
const ids = [await idFace(), ...row0]
for (const [i, id] of ids.entries()) {
  const outcome = await matcher.analyse({ frames: [...row0, ...others], idPhoto: id })
  if (!outcome.ok || outcome.analysis.idFaces !== 1) {
    missed++
    continue
  }
  outcome.analysis.frames.forEach((frame, j) => {
    if (frame.faces !== 1 || frame.similarity === null) return
    if (j < row0.length) {
      if (j !== i - 1) same.push(frame.similarity)
    } else different.push(frame.similarity)
  })
  process.stderr.write(`id ${i + 1}/${ids.length}\n`)
}
await matcher.close()

const q = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!
}
const describe = (name: string, v: number[]) =>
  `${name}: n=${v.length} min ${q(v, 0).toFixed(3)} p05 ${q(v, 0.05).toFixed(3)} median ${q(v, 0.5).toFixed(3)} p95 ${q(v, 0.95).toFixed(3)} max ${q(v, 1).toFixed(3)}`
const band = (v: number[]) => {
  const verified = v.filter((s) => s >= VERIFY_AT).length
  const rejected = v.filter((s) => s < REJECT_BELOW).length
  const pct = (n: number) => `${((100 * n) / v.length).toFixed(1)}%`
  return `verified ${pct(verified)}, review ${pct(v.length - verified - rejected)}, rejected ${pct(rejected)}`
}
console.log(describe('same person     ', same))
console.log(describe('different people', different))
console.log(`bands: verified >= ${VERIFY_AT}, rejected < ${REJECT_BELOW}`)
console.log(`same person      -> ${band(same)}`)
console.log(`different people -> ${band(different)}`)
if (missed) console.log(`(${missed} ID images without exactly one face were skipped)`)
