/**
 * `npm run bench [-- --smoke] [--skip browser,redis]`: how fast Huma is on this machine, against the
 * framework's own ceiling. Writes bench/RESULTS.md and bench/results.json.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT } from '../test/helpers/processes.ts'
import { redisAvailable, startRedis } from '../test/helpers/redis.ts'
import { LOAD_CPU, startCeiling, startHuma, type Target } from './http.ts'
import { freshPools } from './fresh-payloads.ts'
import { runLoad, wrkAvailable, type LoadResult, type PayloadPool } from './load.ts'
import { humanPayloads, humanRecord, PAYLOAD_SECONDS } from './payloads.ts'
import { renderResults, type BenchResults } from './report.ts'
import { scoringCost } from './scoring.ts'
import { sizes as snippetSizes } from '../snippet/size-report.ts'
import { benchSnippet } from './snippet.ts'
import { round, summarise } from './stats.ts'
import { benchIdv } from './idv.ts'
import { ffmpegAvailable } from '../test/helpers/ffmpeg.ts'

const { values } = parseArgs({
  options: { smoke: { type: 'boolean' }, skip: { type: 'string' }, out: { type: 'string' } },
})
const smoke = values.smoke === true
const skip = new Set((values.skip ?? '').split(',').filter(Boolean))
const seconds = smoke ? 2 : 10
/** Enough that at half rate a free connection is nearly always there for the next arrival. */
const connections = 32
const step = (text: string) => process.stderr.write(`bench: ${text}\n`)
if (!wrkAvailable()) throw new Error('npm run bench needs wrk on PATH (Debian: apt-get install wrk)')

const results: BenchResults = {
  command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${round(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${process.platform}`,
  date: new Date().toISOString(),
  smoke,
  verify: [],
  scoring: [],
  snippet: null,
  scaleOut: [],
  parts: [],
}

step('building the snippet')
if (
  spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
    .status !== 0
) {
  throw new Error('npm run build failed')
}

step('encoding 5, 10 and 30-second payloads from a recorded person')
const payloads = await humanPayloads(ROOT)

step('scoring cost per payload (decode + features + model)')
for (const s of PAYLOAD_SECONDS) {
  const cost = scoringCost(payloads[s], smoke ? 300 : 5000)
  results.scoring.push({
    seconds: s,
    bytes: payloads[s].length,
    medianUs: round(cost.median),
    p99Us: round(cost.p99),
  })
  step(
    `  ${s} s payload (${payloads[s].length} B): median ${round(cost.median)} µs, p99 ${round(cost.p99)} µs`,
  )
}

/**
 * Runs at half rate: one 10-second p99 moves by a factor of two from run to run on this machine (its host
 * is shared), so the table gives the median of five and lists each.
 */
const halfRuns = smoke ? 1 : 5

/**
 * Max throughput, then latency at half of it; with `fresh` (pools of new visitors' payloads, one for the
 * warm-up and one for the run) max throughput alone.
 */
async function measure(
  name: string,
  target: Target,
  signals: string | null,
  fresh?: { warmUp: PayloadPool; run: PayloadPool },
) {
  const spec = { urls: target.urls, key: target.key, signals, seconds, connections, cpu: LOAD_CPU }
  await runLoad({ ...spec, seconds: 1, rate: 0, ...(fresh ? { signals: fresh.warmUp } : {}) }) // warm up the JIT
  const max = await runLoad({ ...spec, rate: 0, ...(fresh ? { signals: fresh.run } : {}) })
  if (max.poolEnded) name += `: its payloads ran out, run stopped after ${round(max.requests / max.rps, 1)} s`
  step(
    `  ${name}: ${round(max.rps, 0)} req/s, p50 ${round(max.p50, 2)} ms, p99 ${round(max.p99, 2)} ms, max ${round(max.max, 2)} ms, non-2xx ${max.non2xx}`,
  )
  const half: LoadResult[] = []
  for (let i = 0; i < (fresh ? 0 : halfRuns); i++) {
    const run = await runLoad({ ...spec, rate: Math.max(1, Math.round(max.rps / 2)) })
    step(
      `  ${name} at half rate (${round(run.rps, 0)} req/s): p50 ${round(run.p50, 2)} ms, p99 ${round(run.p99, 2)} ms, max ${round(run.max, 2)} ms`,
    )
    half.push(run)
  }
  return { name, max, half }
}

const median = (values: number[]) => summarise(values).median

const row = (m: { name: string; max: LoadResult; half: LoadResult[] }, ceiling: number) => ({
  name: m.name,
  rps: round(m.max.rps, 0),
  p50: round(m.max.p50, 2),
  p99: round(m.max.p99, 2),
  max: round(m.max.max, 2),
  ratio: round(m.max.rps / ceiling, 2),
  halfRateRps: m.half.length ? round(median(m.half.map((h) => h.rps)), 0) : 0,
  halfRateP99: m.half.length ? round(median(m.half.map((h) => h.p99)), 2) : 0,
  halfRateP99Runs: m.half.map((h) => round(h.p99, 2)),
  non2xx: m.max.non2xx + m.half.reduce((n, h) => n + h.non2xx, 0),
  errors: m.max.errors + m.half.reduce((n, h) => n + h.errors, 0),
})

step(
  `verify throughput: servers on CPU 0, load generator on CPU 1, ${connections} connections, ${seconds} s each`,
)
const ceilingTarget = await startCeiling()
const ceiling = await measure('ceiling: bare Hono, same body, constant answer', ceilingTarget, payloads[10])
await ceilingTarget.stop()
results.verify.push(row(ceiling, ceiling.max.rps))
for (const s of [10, 30] as const) {
  const huma = await startHuma(1)
  results.verify.push(
    row(await measure(`Huma verify, embedded store, ${s} s payload`, huma, payloads[s]), ceiling.max.rps),
  )
  await huma.stop()
}

{
  // payloads for a quarter more requests than the near duplicates' rate: a new visitor costs more
  const nearDuplicates = results.verify.find((v) => v.name.endsWith('embedded store, 10 s payload'))
  const perSecond = 1.25 * (nearDuplicates?.rps ?? 0)
  step(`making ${Math.ceil(perSecond * (seconds + 1))} new visitors' payloads (bench/fresh-payloads.ts)`)
  const dir = mkdtempSync(join(tmpdir(), 'huma-bench-fresh-'))
  try {
    const started = performance.now()
    const pools = await freshPools(await humanRecord(ROOT), dir, perSecond, seconds)
    step(`  made in ${round((performance.now() - started) / 1000, 1)} s`)
    const huma = await startHuma(1)
    const name = 'Huma verify, embedded store, 10 s payload, every request a new visitor'
    results.verify.push(row(await measure(name, huma, null, pools), ceiling.max.rps))
    await huma.stop()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

step('what a verify request costs by part: a fixed score, then scoring without the replay check')
for (const [part, name] of [
  ['fixed', 'Huma verify with a fixed score (no scoring, no replay check), 10 s payload'],
  ['no-replay', 'Huma verify with scoring but no replay check, 10 s payload'],
] as const) {
  const huma = await startHuma(1, undefined, [], part)
  const spec = { urls: huma.urls, key: huma.key, signals: payloads[10], seconds, connections, cpu: LOAD_CPU }
  await runLoad({ ...spec, seconds: 1, rate: 0 })
  const max = await runLoad({ ...spec, rate: 0 })
  await huma.stop()
  step(`  ${name}: ${round(max.rps, 0)} req/s`)
  results.parts.push({
    name,
    rps: round(max.rps, 0),
    ratio: round(max.rps / ceiling.max.rps, 2),
    failed: max.non2xx + max.errors,
  })
}

if (skip.has('redis')) {
  step('scale-out: skipped (--skip redis)')
} else if (redisAvailable()) {
  step('scale-out: the same load on Redis (redis-server on CPU 1 beside the load generator)')
  const redis = await startRedis()
  try {
    for (const instances of [1, 2]) {
      const huma = await startHuma(instances, redis.url)
      const name = `Huma verify, Redis store, ${instances} instance${instances > 1 ? 's' : ''}, 10 s payload`
      results.scaleOut.push(row(await measure(name, huma, payloads[10]), ceiling.max.rps))
      await huma.stop()
    }
  } finally {
    await redis.dispose()
  }
}

const sizes = snippetSizes(join(ROOT, 'dist/huma.js'))
if (skip.has('browser') || !existsSync('/usr/bin/chromium')) {
  step(
    `snippet: ${sizes.gzip} B gzip; Chromium measurements skipped (${skip.has('browser') ? '--skip browser' : 'no /usr/bin/chromium'})`,
  )
  results.snippet = { ...sizes, handlerUs: null, encodeMs: null, encodedLength: null }
} else {
  step('snippet in Chromium: per-event handler cost and encode time at maximum size')
  const measured = await benchSnippet(join(ROOT, 'dist/huma.js'))
  results.snippet = {
    ...sizes,
    handlerUs: measured.handlerUs,
    encodeMs: measured.encodeMs,
    encodedLength: measured.payloadChars,
  }
  const perEvent = Object.entries(measured.handlerUs)
    .map(([type, us]) => `${type} ${round(us, 2)} µs`)
    .join(', ')
  step(`  ${sizes.gzip} B gzip; per event: ${perEvent}; encode ${round(measured.encodeMs, 2)} ms`)
}

if (skip.has('idv') || !ffmpegAvailable()) {
  step(`identity checks: skipped (${skip.has('idv') ? '--skip idv' : 'no ffmpeg'})`)
} else {
  step('identity checks: the face model in its worker thread, image pairs and a 5 s video')
  results.idv = await benchIdv(smoke ? 2 : 9)
  step(`  ${JSON.stringify(results.idv)}`)
}

const out = values.out ?? join(ROOT, 'bench')
writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n')
const markdown = renderResults(results)
writeFileSync(join(out, 'RESULTS.md'), markdown)
process.stdout.write('\n' + markdown)
