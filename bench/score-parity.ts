/**
 * Scoring parity: proof that a change to the scoring code computes exactly what it computed before.
 *
 *   npx tsx bench/score-parity.ts --write /tmp/parity.json     (with the old code: a checkout of main)
 *   npx tsx bench/score-parity.ts --check /tmp/parity.json     (with the new code)
 *
 * Both runs score the same payloads, in the same order, through one scorer (so scratch memory carried from
 * one call to the next is exercised as in a server): windows of every recorded data set (../shared/data),
 * generated bots' windows and the bench payloads. Per payload it keeps every feature value (bit for bit:
 * NaN, -0 and the last bit all count), the pointer forest's raw output, the score (confidence and
 * reasons), and the verify route's replay digests of the decoded signals (they read the same moves). `--check` lists the first differences and exits 1 on any. The snapshot holds values derived
 * from the data sets: keep it in /tmp, never commit it.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { decodeSignals } from '../shared/signals.ts'
import { createScorer, extractFeatures } from '../server/scoring/index.ts'
import * as forests from '../server/scoring/forest.ts'
import type { Forest } from '../server/scoring/forest.ts'
import { loadModel } from '../server/scoring/model.ts'
import { replayDigests } from '../server/replay/service.ts'
import { humanPayloads } from './payloads.ts'
import { generateBots, rhythmsOf, schedulesOf } from '../tools/bots/index.ts'
import type { TraceRecord } from '../tools/data.ts'
import { dataFiles, defaultDataDir, readRecords } from '../tools/data.ts'
import { encodeRecord } from '../tools/pipeline.ts'
import { allWindows } from '../tools/windows.ts'

interface Entry {
  /** where the payload came from */
  name: string
  /** the decode's result: `ok` and the signals' JSON's SHA-256, or its message */
  decoded: string
  /** feature name -> value as text (exact: `Object.is` equality survives the round trip) */
  features: Record<string, string>
  /** the pointer and typing forests' raw outputs, as the scorer computes them */
  forest: string
  confidence: number
  reasons: string[]
  /** the verify route's replay digests of the signals (exact and near), as JSON */
  replay: string
}

/** A double as text that parses back to the same bits (JSON has no NaN, Infinity or -0). */
const exact = (v: number) => (Object.is(v, -0) ? '-0' : String(v))

const { values } = parseArgs({
  options: {
    write: { type: 'string' },
    check: { type: 'string' },
    'records-per-file': { type: 'string', default: '60' },
    'bots-per-family': { type: 'string', default: '6' },
  },
})

async function payloads(): Promise<[string, string][]> {
  const root = join(import.meta.dirname, '..')
  const out: [string, string][] = []
  const bench = await humanPayloads(root)
  for (const [s, p] of Object.entries(bench)) out.push([`bench/${s}s`, p])
  const perFile = Number(values['records-per-file'])
  const schedules = []
  const rhythms = []
  const add = (r: TraceRecord) => {
    for (const w of allWindows(r, 3)) out.push([`${r.source}/${w.session_id}`, encodeRecord(w)])
  }
  for (const file of dataFiles(defaultDataDir(root))) {
    let n = 0
    for await (const r of readRecords(file)) {
      add(r)
      if (r.label === 'human') schedules.push(...schedulesOf([r]))
      if (r.label === 'human') rhythms.push(...rhythmsOf([r]))
      if (++n >= perFile) break
    }
  }
  generateBots(Number(values['bots-per-family']), 7, schedules, rhythms).forEach(add)
  // decoding's other paths: a proof of work appended as the snippet does, text JSON.parse must read, and
  // payloads that must be refused with the same message
  for (const [name, p] of out.slice(0, 300)) {
    out.push([`${name}+proof`, p.slice(0, -1) + ',"p":{"c":"AbC-12_x.9","n":' + p.length * 7919 + '}}'])
    out.push([`${name}+spaces`, JSON.stringify(JSON.parse(p), null, 1)])
    out.push([`${name}+flag`, p.replace('"a":0', '"a":256')])
    out.push([`${name}+cut`, p.slice(0, p.length >> 1)])
  }
  return out
}

/** The scorer's way of walking a forest (the compiled walk where there is one). */
const walker = (f: Forest): ((x: ArrayLike<number>) => number) =>
  'compileForest' in forests ? forests.compileForest(f) : (x) => forests.predictForest(f, x)

function run(list: [string, string][]): Entry[] {
  const model = loadModel()
  const score = createScorer(model)
  const { pointer, keys } = model.models
  const walks = [pointer, keys].flatMap((m) =>
    m.kind === 'forest'
      ? [{ names: m.features, walk: walker(m.forest), x: new Float64Array(m.features.length) }]
      : [],
  )
  return list.map(([name, payload]) => {
    const decoded = decodeSignals(payload)
    if (!decoded.ok)
      return {
        name,
        decoded: decoded.message,
        features: {},
        forest: '',
        confidence: 0,
        reasons: [],
        replay: '',
      }
    const features = extractFeatures(decoded.signals)
    const forest = walks.map(({ names, walk, x }) => {
      names.forEach((f, i) => (x[i] = features.get(f) ?? NaN))
      return exact(walk(x))
    })
    const result = score(decoded.signals)
    const replay = JSON.stringify(replayDigests(decoded.signals))
    return {
      name,
      decoded: `ok ${createHash('sha256').update(JSON.stringify(decoded.signals)).digest('hex')}`,
      features: Object.fromEntries([...features].map(([k, v]) => [k, exact(v)])),
      forest: forest.join(),
      confidence: result.confidence,
      reasons: result.reasons,
      replay,
    }
  })
}

function differences(before: Entry, after: Entry): string[] {
  const out: string[] = []
  for (const key of ['name', 'decoded', 'forest', 'confidence', 'replay'] as const)
    if (before[key] !== after[key]) out.push(`${key} ${before[key]} -> ${after[key]}`)
  if (before.reasons.join() !== after.reasons.join())
    out.push(`reasons ${before.reasons} -> ${after.reasons}`)
  for (const k of new Set([...Object.keys(before.features), ...Object.keys(after.features)]))
    if (before.features[k] !== after.features[k])
      out.push(`${k} ${before.features[k]} -> ${after.features[k]}`)
  return out
}

const started = performance.now()
const entries = run(await payloads())
const seconds = ((performance.now() - started) / 1000).toFixed(1)
if (values.write) {
  writeFileSync(values.write, JSON.stringify(entries))
  console.log(`wrote ${entries.length} payloads' results to ${values.write} (${seconds} s)`)
} else if (values.check) {
  const before = JSON.parse(readFileSync(values.check, 'utf8')) as Entry[]
  let differing = 0
  if (before.length !== entries.length) console.log(`payload count ${before.length} -> ${entries.length}`)
  for (let i = 0; i < Math.max(before.length, entries.length); i++) {
    const [a, b] = [before[i], entries[i]]
    const d = a && b ? differences(a, b) : ['missing']
    if (d.length === 0) continue
    if (++differing <= 10) console.log(`${entries[i]?.name ?? before[i]?.name}: ${d.slice(0, 5).join('; ')}`)
  }
  const features = entries.reduce((n, e) => n + Object.keys(e.features).length, 0)
  console.log(
    differing || before.length !== entries.length
      ? `${differing} of ${entries.length} payloads differ`
      : `all ${entries.length} payloads identical (${features} feature values, forest outputs, scores; ${seconds} s)`,
  )
  if (differing || before.length !== entries.length) process.exitCode = 1
} else {
  console.error('usage: tsx bench/score-parity.ts --write FILE | --check FILE')
  process.exitCode = 2
}
