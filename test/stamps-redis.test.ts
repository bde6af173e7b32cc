/**
 * Content stamps on two instances sharing one Redis: the monthly stamp quota holds exactly when both
 * stamp in parallel at its edge, every stamp lands on the one log without a fork, and a stamp made on
 * one instance checks and revokes on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, fromUrl } from '../server/stamps/audit.ts'
import { openRedisStore } from '../server/store/redis.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'
import { fakeStanding, sha256, stampCalls } from './helpers/stamps.ts'

const available = redisAvailable()
let server: TestRedis | undefined
let a: TestApp
let b: TestApp
const standing = fakeStanding()
beforeAll(async () => {
  if (!available) return
  server = await startRedis()
  a = await makeTestApp({
    store: openRedisStore(server.url, { prefix: 'st:' }),
    standingOf: standing.standingOf,
  })
  b = await makeTestApp({
    store: openRedisStore(server.url, { prefix: 'st:' }),
    standingOf: standing.standingOf,
  })
  b.clock.now = a.clock.now
  standing.set('user_8412', { lastVerified: a.clock.now })
}, 20_000)
afterAll(async () => {
  await a?.close()
  await b?.close()
  await server?.dispose()
})

describe.runIf(available)('content stamps on two instances sharing Redis', () => {
  it('admits exactly 10 of 40 parallel stamps across both instances, on one chain', async () => {
    const { key } = await a.key('stamps10')
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        stampCalls(i % 2 ? a : b).stamp(key, {
          content_hash: sha256(`r${i}`),
          user_id: 'user_8412',
          type: 'text',
        }),
      ),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(30)
    const base = new URL((await b.request('/')).url).origin
    expect(await auditLog(fromUrl(base))).toMatchObject({ ok: true, size: 10 })
  })

  it('checks and revokes on one instance a stamp made on the other', async () => {
    const { key } = await a.key()
    const hash = sha256('shared')
    const made = (await (
      await stampCalls(a).stamp(key, { content_hash: hash, user_id: 'user_8412', type: 'document' })
    ).json()) as { stamp_id: string; signature: string }
    const check = async () =>
      (await (
        await stampCalls(b).check(key, { content_hash: hash, signature: made.signature })
      ).json()) as Record<string, unknown>
    expect(await check()).toMatchObject({ verified: true, content_integrity: 'intact' })
    expect((await stampCalls(b).revoke(key, made.stamp_id)).status).toBe(200)
    expect(await check()).toMatchObject({ verified: false, revoked: true })
  })
})
