/**
 * The load generator: wrk (C, one thread, on its own CPU) driven by bench/load.lua, one process per
 * server, with a new userId on every request so the per-user flood limit never trips. wrk rather than
 * autocannon: autocannon's rate limit sends each connection's share of a second back to back at the
 * start of the second, so "half rate" was full load for half of every second, and its own event loop
 * and GC sat in every latency it measured.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../test/helpers/processes.ts'

export interface LoadResult {
  rps: number
  requests: number
  non2xx: number
  errors: number
  /** latency in ms, from the request's first byte written to the answer's last byte read */
  p50: number
  p99: number
  max: number
  /** a pool of payloads (LoadSpec.signals) ran out and the run stopped there, before its time */
  poolEnded: boolean
}

/**
 * A file of signals payloads, one a line as they sit inside a JSON string (bench/fresh-payloads.ts):
 * bench/load.lua sends each line once, one per request, and stops the run when the file ends.
 */
export interface PayloadPool {
  file: string
}

export interface LoadSpec {
  urls: string[]
  key: string
  /** one payload that every request sends nudged (below), a pool of payloads, or none */
  signals: string | null | PayloadPool
  seconds: number
  connections: number
  /** total requests per second across all urls, sent on a Poisson schedule; 0 = as fast as possible */
  rate: number
  /** the CPU the generator is pinned to */
  cpu: number
}

/** What bench/load.lua prints when wrk is done. */
interface WrkSummary {
  requests: number
  durationUs: number
  non2xx: number
  errors: number
  p50Us: number
  p99Us: number
  maxUs: number
  /** 1 when a pool of payloads ran out */
  poolEnded: number
}

/** Marks a place in the request body that bench/load.lua fills in for each request. */
const SLOT = '\u0001'

/**
 * The signals with the last two moves' x and y steps cut out as slots, and their values. bench/load.lua
 * nudges each by -20..20 px per request, so no two requests carry the same activity (no two visitors do)
 * and every one is scored and remembered as a new replay digest, not as the replay of the one before.
 */
function slotted(signals: string): { text: string; bases: number[] } {
  const open = signals.indexOf('"m":[') + 5
  const close = signals.indexOf(']', open)
  const steps = signals.slice(open, close).split(',')
  if (open < 5 || steps.length < 6) return { text: signals, bases: [] }
  const at = [steps.length - 5, steps.length - 4, steps.length - 2, steps.length - 1]
  const bases = at.map((i) => Number(steps[i]))
  for (const i of at) steps[i] = SLOT
  return { text: signals.slice(0, open) + steps.join(',') + signals.slice(close), bases }
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined
}

function runWrk(url: string, tag: string, spec: LoadSpec, requestFile: string): Promise<WrkSummary> {
  const share = spec.urls.length
  const args = ['-c', String(spec.cpu), 'wrk', '--threads', '1']
  args.push('--connections', String(Math.max(1, Math.round(spec.connections / share))))
  args.push('--duration', `${spec.seconds}s`, '--timeout', '10s')
  args.push('--script', join(ROOT, 'bench/load.lua'), url)
  const env = {
    ...process.env,
    HUMA_WRK_POOL: typeof spec.signals === 'object' && spec.signals !== null ? spec.signals.file : '',
    HUMA_WRK_REQUEST: requestFile,
    HUMA_WRK_TAG: tag,
    HUMA_WRK_RATE: String(spec.rate / share),
  }
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      const summary = out.split('\n').find((line) => line.startsWith('{"requests"'))
      if (code !== 0 || !summary) return reject(new Error(`wrk exited ${code}:\n${out}`))
      resolve(JSON.parse(summary) as WrkSummary)
    })
  })
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'huma-load-'))
  try {
    const signals = spec.signals
    // a pool's payloads fill one slot where the signals go
    const pooled = typeof signals === 'object' && signals !== null
    if (pooled && spec.urls.length > 1) throw new Error('a pool of payloads serves one wrk process')
    const { text, bases } =
      signals === null
        ? { text: null, bases: [] }
        : typeof signals === 'string'
          ? slotted(signals)
          : { text: SLOT, bases: [] }
    const body = JSON.stringify({
      userId: SLOT,
      action: 'signup',
      ...(text === null ? {} : { signals: text }),
    })
    const [head, ...pieces] = body.split(JSON.stringify(SLOT).slice(1, -1))
    const requestFile = join(dir, 'request')
    writeFileSync(requestFile, [spec.key, `${head}bench_`, bases.join(' '), ...pieces, ''].join('\n'))
    const runs = await Promise.all(spec.urls.map((url, i) => runWrk(url, String(i), spec, requestFile)))
    const sum = (pick: (r: WrkSummary) => number) => runs.reduce((total, r) => total + pick(r), 0)
    const worstMs = (pick: (r: WrkSummary) => number) => Math.max(...runs.map(pick)) / 1000
    return {
      rps: sum((r) => r.requests / (r.durationUs / 1e6)),
      requests: sum((r) => r.requests),
      non2xx: sum((r) => r.non2xx),
      errors: sum((r) => r.errors),
      p50: worstMs((r) => r.p50Us),
      p99: worstMs((r) => r.p99Us),
      max: worstMs((r) => r.maxUs),
      poolEnded: runs.some((r) => r.poolEnded === 1),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
