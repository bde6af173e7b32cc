/**
 * `npx tsx bench/replay.ts [--requests 4000] [--rounds 5] [--against DIR] [--redis]`: the CPU of the verify
 * route's replay step alone (server/replay/service.ts: the exact digest, the near-duplicate bands, the
 * sender tags and the sightings on a fresh embedded store, or with `--redis` on a Redis of its own, whose
 * CPU is counted too), per request, in microseconds. Requests go 32 at a
 * time, as the server's group commit takes them under load, in two kinds: near duplicates of one recorded
 * 10 s payload (the last moves nudged, as `npm run bench` sends them: every band already seen) and fresh
 * payloads (the same recording turned and its times warped, below: almost no band seen). On the embedded
 * store the near duplicates' rows are then in its memory and the fresh ones' digests are proven absent
 * there (server/replay/digest-memory.ts), as on a server past the reading of its table at start; a
 * server that has just started reads every row until then. With `--against`,
 * rounds alternate between this tree and DIR (another checkout), so a busy machine moves both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { decodeSignals, type Signals } from '../shared/signals.ts'
import { visitorChange } from './fresh-payloads.ts'
import { humanPayloads } from './payloads.ts'
import { Redis } from 'ioredis'
import { seeded } from '../tools/replay-measure.ts'
import { startRedis } from '../test/helpers/redis.ts'
import { round } from './stats.ts'

const { values } = parseArgs({
  options: {
    requests: { type: 'string' },
    rounds: { type: 'string' },
    against: { type: 'string' },
    redis: { type: 'boolean' },
  },
})
const requests = Number(values.requests ?? 4000)
const rounds = Number(values.rounds ?? 5)
const HERE = resolve(import.meta.dirname, '..')
const trees = [HERE, ...(values.against ? [resolve(values.against)] : [])]

const decoded = decodeSignals((await humanPayloads(HERE))[10])
if (!decoded.ok) throw new Error(`bench payload does not decode: ${decoded.message}`)
const signals = decoded.signals
const random = seeded(17)
const nudged = (i: number): Signals => ({
  ...signals,
  moves: signals.moves.map(([t, x, y], j) =>
    j >= signals.moves.length - 2 ? [t, x + (i % 41) - 20, y + ((i >> 3) % 41) - 20] : [t, x, y],
  ),
})
/**
 * The recording as a new visitor (bench/fresh-payloads.ts: turned, its times warped; the moves stay in time
 * order, as every decoded payload's are): a payload of the same size whose bands are almost all new (about
 * 3% were seen before, over 2,000 of them).
 */
const fresh = (): Signals => {
  const change = visitorChange(random)
  return { ...signals, moves: signals.moves.map(([t, x, y]) => [change.time(t), ...change.place(x, y)]) }
}
const payloads: Record<string, (n: number) => Signals> = { 'near duplicates': nudged, fresh }

type Check = (signals: Signals, userHash: string, now: number) => Promise<boolean>
interface Tree {
  check: Check
  close(): Promise<void>
}

const redis = values.redis ? await startRedis() : null

async function open(root: string, t: number): Promise<Tree> {
  type Opened = { close(): Promise<void> } & Record<string, unknown>
  const { openEmbeddedStore } = (await import(join(root, 'server/store/embedded.ts'))) as {
    openEmbeddedStore(dir: string): Opened
  }
  const { openRedisStore } = (await import(join(root, 'server/store/redis.ts'))) as {
    openRedisStore(url: string, options: { prefix: string }): Opened
  }
  const { createReplayCheck } = (await import(join(root, 'server/replay/service.ts'))) as {
    createReplayCheck(store: unknown): Check
  }
  const dir = mkdtempSync(join(tmpdir(), 'huma-bench-replay-'))
  const store = redis ? openRedisStore(redis.url, { prefix: `bench${t}:` }) : openEmbeddedStore(dir)
  return {
    check: createReplayCheck(store),
    close: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** CPU (all threads) per request, in µs, of `count` checks of payloads `make` makes, 32 at a time. */
async function cpuPerRequest(tree: Tree, make: (n: number) => Signals, count: number, from: number) {
  let cpu = -(await redisCpuUs())
  for (let i = 0; i < count; i += 32) {
    const batch = Array.from({ length: 32 }, (_, k) => make(from + i + k))
    const started = process.cpuUsage()
    await Promise.all(
      batch.map((payload, k) => {
        const n = from + i + k
        return tree.check(payload, `user-${n}`.padEnd(43, 'x'), Date.UTC(2026, 10, 1) + n)
      }),
    )
    const used = process.cpuUsage(started)
    cpu += used.user + used.system
  }
  cpu += await redisCpuUs()
  return cpu / count
}

const opened = await Promise.all(trees.map((root, t) => open(root, t)))
const info = redis ? new Redis(redis.url) : null
/** The Redis server's CPU so far (INFO cpu), µs; 0 on the embedded store */
async function redisCpuUs(): Promise<number> {
  if (!info) return 0
  const text = await info.info('cpu')
  const seconds = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(text)?.[1] ?? 0)
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6
}
const samples = new Map<string, number[]>()
let sent = 0
// warm-up: the JIT, and a store that has seen the near duplicates' bands
for (const tree of opened) {
  for (const make of Object.values(payloads)) {
    await cpuPerRequest(tree, make, 512, sent)
    sent += 512
  }
}
for (let r = 0; r < rounds; r++) {
  for (const [t, tree] of opened.entries()) {
    for (const [kind, make] of Object.entries(payloads)) {
      const key = `${kind}, ${t === 0 ? 'this tree' : trees[t]}`
      samples.set(key, [...(samples.get(key) ?? []), await cpuPerRequest(tree, make, requests, sent)])
      sent += requests
    }
  }
}
for (const tree of opened) await tree.close()
await info?.quit()
await redis?.stop()
for (const [key, runs] of samples) {
  const sorted = [...runs].sort((a, b) => a - b)
  console.log(
    `${key}: median ${round(sorted[Math.floor(sorted.length / 2)]!)} µs CPU per request, least ${round(sorted[0]!)} ` +
      `(runs ${runs.map((v) => round(v, 0)).join(', ')})`,
  )
}
