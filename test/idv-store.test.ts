import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe } from 'vitest'
import { openEmbeddedIdvStore } from '../server/idv/store-embedded.ts'
import { openRedisIdvStore } from '../server/idv/store-redis.ts'
import { idvStoreContract } from './idv-store-contract.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
idvStoreContract('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huma-idv-store-'))
  dirs.push(dir)
  return openEmbeddedIdvStore(dir)
})

const available = redisAvailable()
let server: TestRedis | undefined
beforeAll(async () => {
  if (available) server = await startRedis()
}, 20_000)
afterAll(async () => server?.dispose())

let prefixes = 0
describe.runIf(available)('redis', () => {
  idvStoreContract('redis', async () => openRedisIdvStore(server!.url, { prefix: `idv${++prefixes}:` }))
})
