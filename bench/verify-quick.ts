/**
 * `npx tsx bench/verify-quick.ts [--runs 5] [--seconds 10] [--against DIR]... [--cpu-prof DIR] [--parts] [--fresh]`: only the
 * headline row of `npm run bench`, verify with the 10 s payload on the embedded store against the
 * bare-Hono ceiling, in about a minute. Runs alternate (ceiling, this tree, then each tree that an
 * `--against` names: another checkout with its own dist/ built) so a busy shared machine moves every
 * column alike; prints each run and the medians of the ratios to the ceiling. `--parts` runs this tree
 * three ways instead (bench/parts-server.ts): with a fixed score, with scoring but no replay check, and
 * whole, to show what the scoring and the replay check cost beside everything else. `--fresh` makes every
 * request to Huma a new visitor (bench/fresh-payloads.ts: its bands new, so its digests are written) instead
 * of a near duplicate of the one before; the payloads are made once, up to FRESH_PER_SECOND requests a
 * second, and each server (a new one every run) gets them all.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cli, freePort, ROOT } from '../test/helpers/processes.ts'
import { readFileSync } from 'node:fs'
import { LOAD_CPU, SERVER_CPU, type Target } from './http.ts'
import { runLoad } from './load.ts'
import { freshPools } from './fresh-payloads.ts'
import { humanPayloads, humanRecord } from './payloads.ts'
import { round, summarise } from './stats.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    seconds: { type: 'string' },
    against: { type: 'string', multiple: true },
    'cpu-prof': { type: 'string' },
    parts: { type: 'boolean' },
    fresh: { type: 'boolean' },
  },
})
const runs = Number(values.runs ?? 5)
const seconds = Number(values.seconds ?? 10)
const connections = 32
const signals = (await humanPayloads(ROOT))[10]
/** More than any tree has answered new visitors at on this machine; a run that ends its pool says so. */
const FRESH_PER_SECOND = 2500
const poolDir = mkdtempSync(join(tmpdir(), 'huma-bench-fresh-'))
process.on('exit', () => rmSync(poolDir, { recursive: true, force: true }))
const pools = values.fresh
  ? await freshPools(await humanRecord(ROOT), poolDir, FRESH_PER_SECOND, seconds)
  : null

interface Server extends Target {
  /** CPU time the server process has used so far (all its threads), in ms */
  cpuMs(): number
}

/** Starts `entry` in `root` on the server's CPU, node with the tsx loader, once /healthz answers. */
async function start(
  root: string,
  entry: string,
  env: Record<string, string>,
  key: string,
  nodeArgs: string[],
) {
  const port = await freePort()
  const child = spawn(
    'taskset',
    ['-c', String(SERVER_CPU), process.execPath, '--import', 'tsx', ...nodeArgs, join(root, entry)],
    { cwd: root, env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) }, stdio: 'ignore' },
  )
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      if (i > 200) throw new Error(`${entry} at ${root} did not start`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const ticks = 100 // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s
  return {
    urls: [url],
    key,
    cpuMs() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks
    },
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  } satisfies Server
}

/**
 * Huma from `root` (its own server/main.ts and bin/huma.mjs), as bench/http.ts starts it; or, with
 * `part`, bench/parts-server.ts of this tree with HUMA_BENCH_PART.
 */
async function startHumaAt(root: string, nodeArgs: string[] = [], part?: string): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'huma-bench-'))
  const plans = join(dir, 'plans.json')
  writeFileSync(plans, JSON.stringify({ bench: { perMinute: 100_000_000, perMonth: 1_000_000_000 } }))
  const env = { HUMA_DATA_DIR: dir, HUMA_PLANS: plans, HUMA_DEMO: 'off' }
  const created = cli(['keys', 'create', '--plan', 'bench', '--json'], env, root)
  if (created.code !== 0) throw new Error(`cannot create a bench key: ${created.stderr}`)
  const { key } = JSON.parse(created.stdout) as { key: string }
  const server = part
    ? await start(root, 'bench/parts-server.ts', { ...env, HUMA_BENCH_PART: part }, key, nodeArgs)
    : await start(root, 'server/main.ts', env, key, nodeArgs)
  return {
    ...server,
    async stop() {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Requests per second, and the server's CPU ms per request, at full load; `fresh`: every request a new
 * visitor (the ceiling always gets the one payload: its answer does not depend on it).
 */
async function measure(
  target: Server,
  fresh = false,
): Promise<{ rps: number; cpuMs: number; ended: string }> {
  const spec = { urls: target.urls, key: target.key, signals, seconds, connections, cpu: LOAD_CPU, rate: 0 }
  await runLoad({ ...spec, seconds: 1, ...(fresh && pools ? { signals: pools.warmUp } : {}) })
  const before = target.cpuMs()
  const result = await runLoad({ ...spec, ...(fresh && pools ? { signals: pools.run } : {}) })
  const cpuMs = (target.cpuMs() - before) / result.requests
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors`)
  }
  const ended = result.poolEnded ? ` (its ${pools?.count} new visitors ran out: run stopped early)` : ''
  return { rps: result.rps, cpuMs, ended }
}

const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []
/** What each column runs: a tree's own server, or one part of this tree's (--parts). */
const trees: { root: string; part?: string; label: string }[] = values.parts
  ? ['fixed', 'no-replay', 'full'].map((part) => ({ root: ROOT, part, label: `${part} score` }))
  : [ROOT, ...(values.against ?? [])].map((root) => ({ root, label: root }))
const ratios: number[][] = trees.map(() => [])
const cpuRatios: number[][] = trees.map(() => [])
const cpuPerRequest: number[][] = trees.map(() => [])
for (let run = 1; run <= runs; run++) {
  const ceiling = await start(ROOT, 'bench/ceiling.ts', {}, 'huma_live_' + 'x'.repeat(32), [])
  const top = await measure(ceiling)
  await ceiling.stop()
  const line = [`run ${run}: ceiling ${round(top.rps, 0)} req/s ${round(top.cpuMs, 3)} CPU ms/req`]
  for (const [i, { root, part, label }] of trees.entries()) {
    const huma = await startHumaAt(root, profile, part)
    const got = await measure(huma, pools !== null)
    await huma.stop()
    ratios[i]!.push(got.rps / top.rps)
    cpuRatios[i]!.push(top.cpuMs / got.cpuMs)
    cpuPerRequest[i]!.push(got.cpuMs)
    line.push(
      `${label}: ${round(got.rps, 0)} req/s (${round((100 * got.rps) / top.rps, 1)}%) ${round(got.cpuMs, 3)} CPU ms/req${got.ended}`,
    )
  }
  process.stdout.write(line.join('; ') + '\n')
}
for (const [i, { label }] of trees.entries()) {
  const s = summarise(ratios[i]!)
  process.stdout.write(
    `${label}: median ${round(100 * s.median, 1)}% of the ceiling's req/s, ` +
      `${round(100 * summarise(cpuRatios[i]!).median, 1)}% of its CPU time per request ` +
      `(${round(summarise(cpuPerRequest[i]!).median, 3)} ms) over ${s.n} runs\n`,
  )
}
