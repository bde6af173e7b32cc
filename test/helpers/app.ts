/** A real app on a real embedded store in a temp dir, with a clock the test moves by hand. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PLANS } from '../../shared/plans.ts'
import { createKey, type CreateKeyOptions } from '../../server/keys/service.ts'
import { createApp, type AppDeps } from '../../server/app.ts'
import type { LogFields } from '../../server/log.ts'
import type { PlanTable } from '../../server/limits/plans.ts'
import { openEmbeddedStore } from '../../server/store/embedded.ts'
import type { Store } from '../../server/store/types.ts'
import { serveApp, type Served } from './http.ts'

export const TEST_PLANS: PlanTable = {
  ...PLANS,
  tiny: { perMinute: 5, perMonth: 1_000 },
  monthly: { perMinute: 1_000, perMonth: 3 },
  roomy: { perMinute: 1_000, perMonth: 1_000 },
  /** three content stamps a month */
  stamps3: { perMinute: 1_000, perMonth: 1_000, stampsPerMonth: 3 },
  stamps10: { perMinute: 1_000, perMonth: 1_000, stampsPerMonth: 10 },
}

export interface TestApp {
  app: ReturnType<typeof createApp>
  store: Store
  dir: string
  clock: { now: number }
  logs: string[]
  key(
    plan?: string,
    options?: Partial<Omit<CreateKeyOptions, 'plan' | 'now'>>,
  ): Promise<{ key: string; id: string }>
  /**
   * A request over a real socket to the app served through @hono/node-server, as production serves
   * it: the Node-stream body reader and Node's header access, not the WHATWG Request of app.request().
   */
  request(path: string, init?: RequestInit): Promise<Response>
  verify(key: string | null, body: unknown, headers?: Record<string, string>): Promise<Response>
  close(): Promise<void>
}

export async function makeTestApp(deps: Partial<AppDeps> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'huma-test-'))
  const store = deps.store ?? openEmbeddedStore(dir)
  const clock = { now: Date.UTC(2026, 10, 10, 12, 0, 0) }
  const logs: string[] = []
  const record = (level: string) => (msg: string, fields?: LogFields) =>
    logs.push(JSON.stringify({ level, msg, ...fields }))
  const app = createApp({
    store,
    plans: TEST_PLANS,
    now: () => clock.now,
    log: { info: record('info'), error: record('error') },
    ...deps,
  })
  let served: Promise<Served> | null = null
  const request = async (path: string, init?: RequestInit) =>
    fetch(`${(await (served ??= serveApp(app))).url}${path}`, { redirect: 'manual', ...init })
  return {
    app,
    request,
    store,
    dir,
    clock,
    logs,
    async key(plan = 'roomy', options = {}) {
      const created = await createKey(store, TEST_PLANS, { plan, now: clock.now, ...options })
      return { key: created.key, id: created.record.id }
    },
    async verify(key, body, headers = {}) {
      return request('/api/v1/verify', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
    },
    async close() {
      if (served) await (await served).close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
