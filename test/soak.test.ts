/**
 * A bounded soak on loopback: the real server process at a steady request rate for HUMA_SOAK_SECONDS
 * (default 30). After a warm-up its resident memory stays flat and not one response is an error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { genuinePayload, median } from './helpers/hostile.ts'
import { cli, rssKb, startServer, type ServerProcess } from './helpers/processes.ts'

const SECONDS = Number(process.env.HUMA_SOAK_SECONDS ?? 30)
const RATE = Number(process.env.HUMA_SOAK_RATE ?? 200)
/** The first third is warm-up: JIT, caches, SQLite pages and the one-minute windows filling. */
const WARM_UP_S = SECONDS / 3
/** Users cycle, so each is verified a few times a minute: never a flood, and a bounded set of windows. */
const USERS = 2_000

let dir: string
let server: ServerProcess | undefined
let key: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'huma-soak-'))
})
afterAll(async () => {
  await server?.stop('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

describe('soak', () => {
  const name = `holds ${RATE} requests a second for ${SECONDS} s with flat memory and no error response`
  it(name, { timeout: (SECONDS + 90) * 1000 }, async () => {
    const plans = join(dir, 'plans.json')
    writeFileSync(plans, JSON.stringify({ loadtest: { perMinute: 1_000_000, perMonth: 100_000_000 } }))
    const env = { HUMA_DATA_DIR: join(dir, 'data'), HUMA_PLANS: plans, HUMA_DEMO: 'off' }
    const created = cli(['keys', 'create', '--plan', 'loadtest', '--json'], env)
    expect(created.code, created.stderr).toBe(0)
    key = (JSON.parse(created.stdout) as { key: string }).key
    server = await startServer(env, {
      nodeArgs: ['--expose-gc', '--import', join(import.meta.dirname, 'helpers', 'gc-probe.ts')],
    })
    const { url, child } = server

    const payload = genuinePayload()
    const statuses = new Map<number, number>()
    const latencies: number[] = []
    let lastToken: string | null = null
    let sent = 0
    let inFlight = 0
    let maxInFlight = 0

    const call = async (i: number) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const t0 = performance.now()
      let status = -1
      try {
        // Mostly verifications, one in five with signals (each distinct, as real sessions are), and
        // one in twenty a token check.
        const checkToken = i % 20 === 19 && lastToken !== null
        const body = checkToken
          ? { token: lastToken }
          : i % 5 === 0
            ? {
                userId: `soak_${i % USERS}`,
                signals: payload.replace('"d":3500', `"d":${3500 + i}`),
                action: 'login',
              }
            : { userId: `soak_${i % USERS}` }
        const res = await fetch(`${url}/api/v1/${checkToken ? 'tokens/verify' : 'verify'}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
        const answer = (await res.json()) as { token?: string; valid?: boolean }
        status = res.status
        if (answer.token) lastToken = answer.token
        if (checkToken && answer.valid !== true) status = -2
      } catch {
        status = -1
      } finally {
        inFlight--
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        latencies.push(performance.now() - t0)
      }
    }

    const samples: { t: number; rssKb: number; heapKb: number }[] = []
    const started = performance.now()
    const calls: Promise<void>[] = []
    // Every 2 s: resident memory from /proc, and the heap still in use after a full collection.
    const probe = server
    const sampler = setInterval(() => {
      const t = (performance.now() - started) / 1000
      void Promise.all([rssKb(child.pid!), liveHeapKb(probe)]).then(([rss, heap]) =>
        samples.push({ t, rssKb: rss, heapKb: heap }),
      )
    }, 2000)
    // Steady rate: every 50 ms, catch up to where the schedule says we should be.
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        const elapsed = (performance.now() - started) / 1000
        if (elapsed >= SECONDS) {
          clearInterval(tick)
          done()
          return
        }
        const due = Math.floor(elapsed * RATE)
        while (sent < due) calls.push(call(sent++))
      }, 50)
    })
    clearInterval(sampler)
    await Promise.all(calls)
    const wall = (performance.now() - started) / 1000

    samples.sort((a, b) => a.t - b.t)
    const after = samples.filter((s) => s.t >= WARM_UP_S)
    const quarter = Math.max(1, Math.floor(after.length / 4))
    const early = median(after.slice(0, quarter).map((s) => s.rssKb))
    const late = median(after.slice(-quarter).map((s) => s.rssKb))
    const heapEarly = median(after.slice(0, quarter).map((s) => s.heapKb))
    const heapLate = median(after.slice(-quarter).map((s) => s.heapKb))
    const mb = (kb: number) => (kb / 1024).toFixed(1)
    latencies.sort((a, b) => a - b)
    const p = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1)
    console.log(
      `soak: ${sent} requests in ${wall.toFixed(1)} s (${(sent / wall).toFixed(0)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, ` +
        `latency p50 ${p(0.5)} ms p99 ${p(0.99)} ms max ${p(1)} ms, max in flight ${maxInFlight}\n` +
        `soak RSS MB: start ${mb(samples[0]!.rssKb)}, after warm-up ${mb(early)}, end ${mb(late)}, peak ${mb(Math.max(...samples.map((s) => s.rssKb)))}; ` +
        `live heap MB after warm-up ${mb(heapEarly)}, at the end ${mb(heapLate)}\n` +
        `soak RSS MB samples: ${samples.map((s) => mb(s.rssKb)).join(' ')}\nsoak live heap MB samples: ${samples.map((s) => mb(s.heapKb)).join(' ')}`,
    )

    expect(sent).toBeGreaterThanOrEqual(Math.floor(SECONDS * RATE * 0.95))
    expect([...statuses.keys()]).toEqual([200])
    // flat after warm-up: at most 16 MB or 10 %, whichever is larger, between the first and last quarter
    expect(late - early).toBeLessThan(Math.max(16 * 1024, early * 0.1))
    // the live heap after a full collection: at most 4 MB more at the end than after warm-up
    expect(heapLate - heapEarly).toBeLessThan(4 * 1024)
    expect(await server.stop()).toBe(0)
  })
})

/** Asks the probe for a full collection and reads the heap still in use, in KB. */
async function liveHeapKb(server: ServerProcess): Promise<number> {
  const seen = server.output().split('GC_PROBE').length
  server.child.kill('SIGUSR2')
  for (let i = 0; i < 100; i++) {
    const lines = server.output().split('GC_PROBE')
    if (lines.length > seen) return Number(/heapUsed=(\d+)/.exec(lines[lines.length - 1]!)?.[1] ?? NaN) / 1024
    await new Promise((r) => setTimeout(r, 20))
  }
  return NaN
}
