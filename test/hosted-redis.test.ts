/**
 * The hosted check on two instances sharing one Redis: an invite registered on one is completed on the
 * other and read back on the first; two instances racing to complete one code spend it once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerResponseSchema, getStatusResponseSchema } from '../shared/contracts/verifyyou.ts'
import { openRedisStore } from '../server/store/redis.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'
import { wanderingPointer } from './helpers/traces.ts'

const available = redisAvailable()
let server: TestRedis | undefined
let a: TestApp
let b: TestApp
beforeAll(async () => {
  if (!available) return
  server = await startRedis()
  a = await makeTestApp({ store: openRedisStore(server.url, { prefix: 'hr:' }) })
  b = await makeTestApp({ store: openRedisStore(server.url, { prefix: 'hr:' }) })
  b.clock.now = a.clock.now
}, 20_000)
afterAll(async () => {
  await a?.close()
  await b?.close()
  await server?.dispose()
})

const post = (t: TestApp, path: string, body: unknown, key?: string) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { 'API-KEY': key } : {}) },
    body: JSON.stringify(body),
  })

describe.runIf(available)('the hosted check on two instances sharing Redis', () => {
  it('registers on one, completes on the other, and reads the result back on the first', async () => {
    const { key } = await a.key()
    const registered = registerResponseSchema.parse(
      await (
        await post(
          a,
          '/v1/business_connect_user/register',
          { reference_user_id: 'user_r', data_request: { type: 'IS_PHONE_NUMBER_VERIFIED' } },
          key,
        )
      ).json(),
    )
    const code = new URL(registered.invite_url).pathname.split('/')[2]!
    expect((await b.app.request(`/check/${code}`)).status).toBe(200)
    const answers = await Promise.all([
      post(a, `/check/${code}/complete`, { signals: wanderingPointer(5) }),
      post(b, `/check/${code}/complete`, { signals: wanderingPointer(5) }),
    ])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 410])
    const status = getStatusResponseSchema.parse(
      await (
        await post(a, '/v1/business_connect_user/get_status', { reference_user_id: 'user_r' }, key)
      ).json(),
    )
    expect(status).toMatchObject({ user_id: registered.user_id, has_connection: true })

    // nothing in Redis reads back as the reference id or the code
    const { Redis } = await import('ioredis')
    const redis = new Redis(server!.url)
    const keys = await redis.keys('hr:hosted:*')
    expect(keys.length).toBeGreaterThan(0)
    for (const name of keys) {
      const type = await redis.type(name)
      const value =
        type === 'hash'
          ? JSON.stringify(await redis.hgetall(name))
          : type === 'string'
            ? await redis.get(name)
            : ''
      expect(`${name} ${value}`).not.toContain('user_r')
      expect(`${name} ${value}`).not.toContain(code)
    }
    redis.disconnect()
  })
})
