/** The hosted slice's contract on the embedded store's SQLite file and on Redis (skipped loudly without it). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe } from 'vitest'
import { openHostedStore } from '../server/hosted/store/index.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { openRedisStore } from '../server/store/redis.ts'
import { openWebhookStore } from '../server/webhooks/store/index.ts'
import type { Store } from '../server/store/types.ts'
import { hostedStoreContract } from './hosted-store-contract.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

const opened: Store[] = []
const dirs: string[] = []
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()))
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function embedded(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'huma-hosted-store-'))
  dirs.push(dir)
  const store = openEmbeddedStore(dir)
  opened.push(store)
  return store
}

hostedStoreContract(
  'embedded',
  async () => openHostedStore(embedded())!,
  async () => {
    const store = embedded()
    return { hosted: openHostedStore(store)!, webhooks: openWebhookStore(store) }
  },
)

const available = redisAvailable()
let server: TestRedis | undefined
beforeAll(async () => {
  if (available) server = await startRedis()
}, 20_000)
afterAll(async () => server?.dispose())

let prefixes = 0
describe.runIf(available)('on redis', () => {
  const redis = () => {
    const store = openRedisStore(server!.url, { clock: 'caller', prefix: `h${++prefixes}:` })
    opened.push(store)
    return store
  }
  hostedStoreContract(
    'redis',
    async () => openHostedStore(redis())!,
    async () => {
      const store = redis()
      return { hosted: openHostedStore(store)!, webhooks: openWebhookStore(store) }
    },
  )
})
