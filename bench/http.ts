/** The servers under load: Huma (embedded or Redis) and the bare-Hono ceiling. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli, startServer, type ServerProcess } from '../test/helpers/processes.ts'

/** Huma and the ceiling run on CPU 0; the load generator (and Redis) on CPU 1. */
export const SERVER_CPU = 0
export const LOAD_CPU = 1

export interface Target {
  urls: string[]
  key: string
  stop(): Promise<void>
}

const LOAD_PLAN = { bench: { perMinute: 100_000_000, perMonth: 1_000_000_000 } }

/**
 * Starts `instances` Huma servers sharing one store (embedded: one dir; or a Redis URL). `nodeArgs`
 * go to each server's node, e.g. `--cpu-prof` to see where a request's time goes; `part` runs
 * bench/parts-server.ts (`fixed` or `no-replay` scoring) instead of server/main.ts.
 */
export async function startHuma(
  instances: number,
  storeUrl?: string,
  nodeArgs: string[] = [],
  part?: string,
): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'huma-bench-'))
  const plans = join(dir, 'plans.json')
  writeFileSync(plans, JSON.stringify(LOAD_PLAN))
  const env: Record<string, string> = { HUMA_DATA_DIR: dir, HUMA_PLANS: plans, HUMA_DEMO: 'off' }
  if (storeUrl) env.HUMA_STORE = storeUrl
  const created = cli(['keys', 'create', '--plan', 'bench', '--json'], env)
  if (created.code !== 0) throw new Error(`cannot create a bench key: ${created.stderr}`)
  const { key } = JSON.parse(created.stdout) as { key: string }
  const servers: ServerProcess[] = []
  // with `part`: bench/parts-server.ts, the same app with its scoring seam replaced (see there)
  const entry = part ? { entry: 'bench/parts-server.ts' } : {}
  if (part) env.HUMA_BENCH_PART = part
  for (let i = 0; i < instances; i++)
    servers.push(await startServer(env, { cpu: SERVER_CPU, nodeArgs, ...entry }))
  return {
    urls: servers.map((s) => s.url),
    key,
    async stop() {
      await Promise.all(servers.map((s) => s.stop()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function startCeiling(): Promise<Target> {
  const server = await startServer({}, { entry: 'bench/ceiling.ts', cpu: SERVER_CPU })
  return {
    urls: [server.url],
    key: 'huma_live_' + 'x'.repeat(32),
    stop: async () => void (await server.stop()),
  }
}
