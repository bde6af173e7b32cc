/**
 * At least once, across a crash: the real server (dist/server.mjs) is SIGKILLed while deliveries are due
 * and failing, and started again; once the receiver recovers it gets every event exactly once by
 * webhook-id. The same with two instances sharing one Redis, one of them killed: no attempt is made
 * twice at once. Events are put in the outbox by the test itself, through the same outbox code a
 * feature uses, on a second connection to the store (as the admin CLI opens it).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { openRedisStore } from '../server/store/redis.ts'
import type { Store } from '../server/store/types.ts'
import { createWebhooks } from '../server/webhooks/index.ts'
import { cli, startServer, type ServerProcess } from './helpers/processes.ts'
import { startReceiver, type Receiver } from './helpers/receiver.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

const EVENTS = 8

let dir: string
let receiver: Receiver
/** webhook-id -> the statuses the receiver answered it with, in order */
let answers: Map<string, number[]>
let failing: boolean
const servers: ServerProcess[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huma-whcrash-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')))
  await receiver?.close()
})

async function start(env: Record<string, string>) {
  const server = await startServer(env, { entry: 'dist/server.mjs' })
  servers.push(server)
  return server
}

async function setUp(env: Record<string, string>) {
  receiver = await startReceiver()
  answers = new Map()
  failing = true
  receiver.answer = (req, res) => {
    const id = String(req.headers['webhook-id'])
    const status = failing ? 503 : 204
    answers.set(id, [...(answers.get(id) ?? []), status])
    res.writeHead(status).end()
  }
  const created = cli(['keys', 'create', '--plan', 'starter', '--json'], env)
  expect(created.code, created.stderr).toBe(0)
  return JSON.parse(created.stdout) as { key: string; id: string }
}

async function configure(url: string, key: string) {
  const res = await fetch(`${url}/v1/webhook/admin/config/create_or_edit`, {
    method: 'POST',
    headers: { 'API-KEY': key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ webhook_type: 'USER_VERIFICATION_COMPLETED', destination_url: receiver.url }),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

async function enqueue(store: Store, keyId: string): Promise<string[]> {
  const { outbox } = createWebhooks({ store })
  const ids: string[] = []
  for (let i = 0; i < EVENTS; i++)
    ids.push(
      await outbox.enqueue('USER_VERIFICATION_COMPLETED', keyId, {
        user_id: `bcu_${i}`,
        reference_user_id: `user_${i}`,
        has_connection: true,
        simple_data_request_response: { humanness_score: 90 + i, fulfillment_time_s: 12 },
      }),
    )
  return ids
}

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** every delivery of the log has made exactly `attempts` attempts (and recorded them) */
const recorded = (store: Store, keyId: string, attempts: number) => async () => {
  const log = await createWebhooks({ store }).store.deliveries(keyId, 100)
  return log.length === EVENTS && log.every((d) => d.attempts === attempts)
}

function expectExactlyOnceAfterRecovery(ids: string[]) {
  for (const id of ids) expect(answers.get(id), id).toEqual([503, 204])
  expect([...answers.keys()].sort()).toEqual([...ids].sort())
}

describe('webhook delivery across a SIGKILL', () => {
  it('delivers every event exactly once after the embedded server is killed with deliveries due and failing', async () => {
    const env = {
      HUMA_DATA_DIR: join(dir, 'embedded'),
      HUMA_DEMO: 'off',
      HUMA_DEV_MODE: 'on',
    }
    const { key, id: keyId } = await setUp(env)
    let server = await start(env)
    await configure(server.url, key)
    const side = openEmbeddedStore(env.HUMA_DATA_DIR)
    try {
      const ids = await enqueue(side, keyId)
      await until('every first attempt failed and was recorded', recorded(side, keyId, 1))
      await server.stop('SIGKILL')
      failing = false
      server = await start(env)
      await until('every event was delivered', () => ids.every((id) => answers.get(id)?.includes(204)))
      await until('the log shows them delivered', recorded(side, keyId, 2))
      await new Promise((r) => setTimeout(r, 2_500)) // passes of the worker that must send nothing more
      expectExactlyOnceAfterRecovery(ids)
      const log = cli(['webhooks', 'log', keyId, '--json'], env)
      expect(log.code, log.stderr).toBe(0)
      const rows = JSON.parse(log.stdout) as { webhook_id: string; status: string; attempts: number }[]
      expect(rows.map((r) => r.webhook_id).sort()).toEqual([...ids].sort())
      expect(new Set(rows.map((r) => `${r.status} ${r.attempts}`))).toEqual(new Set(['delivered 2']))

      // and by hand: `huma webhooks redeliver` has the running server send it once more, same webhook-id
      const again = cli(['webhooks', 'redeliver', keyId, ids[0]!], env)
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout).toContain(`${ids[0]} is due now`)
      await until('the redelivery arrived', () => answers.get(ids[0]!)?.length === 3, 10_000)
      expect(answers.get(ids[0]!)).toEqual([503, 204, 204])
      const unknown = cli(['webhooks', 'redeliver', keyId, 'msg_nothing'], env)
      expect(unknown.code).not.toBe(0)
      expect(unknown.stderr).toContain('No delivery msg_nothing for this key')
    } finally {
      await side.close()
    }
  }, 90_000)
})

describe('webhook delivery across a SIGTERM', () => {
  it('lets a running attempt finish and records it before the server exits', async () => {
    const env = { HUMA_DATA_DIR: join(dir, 'sigterm'), HUMA_DEMO: 'off', HUMA_DEV_MODE: 'on' }
    const { key, id: keyId } = await setUp(env)
    let answered = 0
    receiver.answer = (_req, res) => {
      setTimeout(() => {
        answered++
        res.writeHead(204).end()
      }, 1_500)
    }
    const server = await start(env)
    await configure(server.url, key)
    const side = openEmbeddedStore(env.HUMA_DATA_DIR)
    try {
      const [id] = await enqueue(side, keyId)
      await until('the attempt started', () => receiver.received.length > 0)
      const code = await server.stop('SIGTERM')
      expect(code).toBe(0)
      expect(answered).toBeGreaterThan(0) // the exit waited for the answer
      const delivery = await createWebhooks({ store: side }).store.delivery(keyId, id!)
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 })
    } finally {
      await side.close()
    }
  }, 60_000)
})

const available = redisAvailable()
let redis: TestRedis | undefined
describe.runIf(available)('webhook delivery on two instances sharing Redis', () => {
  beforeAll(async () => {
    redis = await startRedis()
  }, 20_000)
  afterAll(async () => redis?.dispose())

  it('delivers every event exactly once when one instance is killed with deliveries due and failing', async () => {
    const shared = { HUMA_STORE: redis!.url, HUMA_DEMO: 'off', HUMA_DEV_MODE: 'on' }
    const envOf = (i: number) => ({ ...shared, HUMA_DATA_DIR: join(dir, `redis-${i}`) })
    const { key, id: keyId } = await setUp(envOf(0))
    let one = await start(envOf(0))
    await start(envOf(1))
    await configure(one.url, key)
    const side = openRedisStore(redis!.url)
    try {
      const ids = await enqueue(side, keyId)
      await until('every first attempt failed and was recorded', recorded(side, keyId, 1))
      await one.stop('SIGKILL')
      failing = false
      one = await start(envOf(0))
      await until('every event was delivered', () => ids.every((id) => answers.get(id)?.includes(204)))
      await until('the log shows them delivered', recorded(side, keyId, 2))
      await new Promise((r) => setTimeout(r, 2_500))
      expectExactlyOnceAfterRecovery(ids)
    } finally {
      await side.close()
    }
  }, 90_000)
})
