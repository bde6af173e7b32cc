/**
 * Three real server processes on one real redis-server: limits hold exactly across instances,
 * losing Redis turns into quick 503s without killing anything, its return heals every instance
 * without a restart, and nothing personal is left in Redis.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, startServer, type ServerProcess } from './helpers/processes.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

const MARKER = 'marker-user-7c1d0f@example.test'
const INSTANCES = 3
const available = redisAvailable()

let redis: TestRedis
let dir: string
let env: Record<string, string>
let servers: ServerProcess[] = []
const keys: Record<string, string> = {}

interface Answer {
  status: number
  error: string | undefined
  retryAfter: string | null
  ms: number
  sentAt: number
}

async function verify(server: ServerProcess, key: string, userId: string): Promise<Answer> {
  const sentAt = performance.now()
  const res = await fetch(`${server.url}/api/v1/verify`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId }),
    signal: AbortSignal.timeout(10_000),
  })
  const body = (await res.json()) as { error?: string }
  return {
    status: res.status,
    error: body.error,
    retryAfter: res.headers.get('Retry-After'),
    ms: performance.now() - sentAt,
    sentAt,
  }
}

/** `n` requests at once, spread round-robin over every instance. */
const burst = (n: number, key: string, userId: (i: number) => string) =>
  Promise.all(Array.from({ length: n }, (_, i) => verify(servers[i % servers.length]!, key, userId(i))))

const tally = (answers: Answer[]) => {
  const counts: Record<string, number> = {}
  for (const a of answers)
    counts[a.error ?? String(a.status)] = (counts[a.error ?? String(a.status)] ?? 0) + 1
  return counts
}

beforeAll(async () => {
  if (!available) return
  // Append-only with fsync on every write: keys and usage survive the Redis restart below.
  redis = await startRedis({ persist: true })
  dir = mkdtempSync(join(tmpdir(), 'huma-multi-'))
  const plans = join(dir, 'plans.json')
  writeFileSync(
    plans,
    JSON.stringify({
      loadtest: { perMinute: 50, perMonth: 100_000 },
      quota: { perMinute: 100_000, perMonth: 25 },
      roomy: { perMinute: 100_000, perMonth: 1_000_000 },
    }),
  )
  env = { HUMA_STORE: redis.url, HUMA_DATA_DIR: join(dir, 'data'), HUMA_PLANS: plans, HUMA_DEMO: 'off' }
  for (const plan of ['loadtest', 'quota', 'roomy']) {
    const created = cli(['keys', 'create', '--plan', plan, '--json'], env)
    expect(created.code, created.stderr).toBe(0)
    keys[plan] = (JSON.parse(created.stdout) as { key: string }).key
  }
  servers = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) =>
      startServer({ ...env, HUMA_DATA_DIR: join(dir, `data-${i}`) }),
    ),
  )
}, 60_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')))
  await redis?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe.runIf(available)(`${INSTANCES} instances on one Redis`, () => {
  it('let one userId through exactly 10 times a minute across all instances', async () => {
    const answers = await burst(40, keys.roomy!, () => MARKER)
    expect(tally(answers)).toEqual({ 200: 10, USER_FLOOD_DETECTED: 30 })
    expect(answers.filter((a) => a.status === 429).every((a) => Number(a.retryAfter) >= 1)).toBe(true)
  })

  it("hold a key to exactly its plan's requests per minute", async () => {
    const answers = await burst(120, keys.loadtest!, (i) => `${MARKER}-burst-${i}`)
    expect(tally(answers)).toEqual({ 200: 50, BURST_LIMIT_EXCEEDED: 70 })
  })

  it('hold a key to exactly its monthly quota, and the CLI reads the same count', async () => {
    const answers = await burst(80, keys.quota!, (i) => `${MARKER}-month-${i}`)
    expect(tally(answers)).toEqual({ 200: 25, MONTHLY_LIMIT_EXCEEDED: 55 })
    const usage = cli(['usage', '--json'], env)
    const rows = JSON.parse(usage.stdout) as { plan: string; used: number; limit: number }[]
    expect(rows.find((r) => r.plan === 'quota')).toMatchObject({ used: 25, limit: 25 })
  })

  it('answer 503 with Retry-After within a bounded time while Redis is down, stay up, and heal when it is back', async () => {
    const answers: Answer[] = []
    let running = true
    const load = servers.map(async (server, s) => {
      for (let i = 0; running; i++) {
        answers.push(await verify(server, keys.roomy!, `${MARKER}-load-${s}-${i}`))
        await new Promise((r) => setTimeout(r, 20))
      }
    })
    await new Promise((r) => setTimeout(r, 500))
    const stoppedAt = performance.now()
    await redis.stop('SIGKILL')
    const killedAt = performance.now()
    await new Promise((r) => setTimeout(r, 2000))

    const during = await Promise.all(servers.map((s) => fetch(`${s.url}/readyz`)))
    expect(during.map((r) => r.status)).toEqual(servers.map(() => 503))
    const health = await Promise.all(servers.map((s) => fetch(`${s.url}/healthz`)))
    expect(health.map((r) => r.status)).toEqual(servers.map(() => 200))

    const restartedAt = performance.now()
    await redis.start()
    const redisUpAfter = performance.now() - restartedAt
    const healed = await Promise.all(
      servers.map(async (server) => {
        for (;;) {
          const answer = await verify(server, keys.roomy!, `${MARKER}-heal`)
          if (answer.status === 200) return performance.now() - restartedAt
          if (performance.now() - restartedAt > 15_000)
            throw new Error(`not healed: ${answer.status} ${answer.error}`)
          await new Promise((r) => setTimeout(r, 50))
        }
      }),
    )
    running = false
    await Promise.all(load)

    const before = answers.filter((a) => a.sentAt + a.ms < stoppedAt)
    const outage = answers.filter((a) => a.sentAt > killedAt + 100 && a.sentAt < restartedAt)
    expect(before.length).toBeGreaterThan(0)
    expect(before.every((a) => a.status === 200)).toBe(true)
    expect(outage.length).toBeGreaterThan(10)
    expect(
      outage.every((a) => a.status === 503 && a.error === 'SERVICE_UNAVAILABLE' && a.retryAfter === '5'),
    ).toBe(true)
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(3000)
    expect(servers.every((s) => s.child.exitCode === null)).toBe(true)

    console.log(
      `[multi-instance] ${answers.length} requests under load, ${outage.length} during the outage: slowest 503 ` +
        `${Math.round(Math.max(...outage.map((a) => a.ms)))} ms; redis-server ready ${Math.round(redisUpAfter)} ms after ` +
        `its start, instances serving 200 again after ${healed.map((ms) => Math.round(ms)).join('/')} ms`,
    )
    const ready = await Promise.all(servers.map((s) => fetch(`${s.url}/readyz`)))
    expect(ready.map((r) => r.status)).toEqual(servers.map(() => 200))
  }, 30_000)

  it('leave neither the userId nor an API key anywhere in Redis, its append-only file or the logs', async () => {
    const client = new Redis(redis.url)
    const dump: string[] = []
    let cursor = '0'
    do {
      const [next, found] = await client.scan(cursor, 'COUNT', 1000)
      cursor = next
      for (const key of found) {
        const type = await client.type(key)
        const value =
          type === 'string'
            ? await client.get(key)
            : type === 'hash'
              ? await client.hgetall(key)
              : type === 'zset'
                ? await client.zrange(key, '0', '-1', 'WITHSCORES')
                : type === 'set'
                  ? await client.smembers(key)
                  : type === 'list'
                    ? await client.lrange(key, 0, -1)
                    : `unexpected type ${type}`
        dump.push(key, JSON.stringify(value))
      }
    } while (cursor !== '0')
    await client.quit()
    const everything = dump.join('\n')
    expect(dump.length).toBeGreaterThan(10)
    expect(everything).toContain('win:flood:')

    const aofDir = join(redis.dir, 'appendonlydir')
    const aof = readdirSync(aofDir)
      .map((f) => readFileSync(join(aofDir, f), 'latin1'))
      .join('\n')
    const logs = servers.map((s) => s.output()).join('\n')
    for (const secret of [MARKER, 'marker-user', ...Object.values(keys)]) {
      expect(everything).not.toContain(secret)
      expect(aof).not.toContain(secret)
      expect(logs).not.toContain(secret)
    }
  })
})
