/**
 * Identity checks on the Redis store, end to end through the routes (the slice's contract runs in
 * store-redis.test.ts): a check, its files, a one-time session, and the purge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idvKeysOf } from '../server/idv/index.ts'
import { purgeDue } from '../server/idv/retention.ts'
import { idvSlice } from '../server/idv/store.ts'
import { createVault } from '../server/idv/vault.ts'
import { openRedisStore } from '../server/store/redis.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { FAKE_WEBM, makeIdvApp, submitForm, type IdvTestApp } from './helpers/idv.ts'
import { redisAvailable, startRedis, type TestRedis } from './helpers/redis.ts'

const DAY = 86_400_000
const available = redisAvailable()
let server: TestRedis | undefined
beforeAll(async () => {
  if (available) server = await startRedis()
}, 20_000)
afterAll(async () => server?.dispose())

describe.runIf(available)('identity checks on Redis', () => {
  let t: IdvTestApp
  beforeAll(async () => {
    t = await makeIdvApp({
      deps: { store: openRedisStore(server!.url, { clock: 'caller', prefix: 'idvr:' }) },
    })
  })
  afterAll(async () => {
    await t.close()
  })

  it('checks, serves the file to its key, hands out a session once, and purges on schedule', async () => {
    const { key } = await t.key()
    const photo = new Uint8Array(await idFace())
    const frame = new Uint8Array(await gridFace(0, 1))
    const res = await t.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'r1',
        selfie_video: FAKE_WEBM,
        id_photo: photo,
        frames: [frame],
      }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { check_id: string; result: { files: { idPhoto: { url: string } } } }
    const path =
      new URL(body.result.files.idPhoto.url).pathname + new URL(body.result.files.idPhoto.url).search
    const get = () => t.request(path, { headers: { Authorization: `Bearer ${key}` } })
    expect((await get()).status).toBe(200)
    expect(await t.store.slice(idvSlice).getCheck(body.check_id)).toMatchObject({ keyId: expect.any(String) })

    const session = await t.request('/verif/sessions', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_identifier: 'r2' }),
    })
    const token = new URL(((await session.json()) as { url: string }).url).searchParams.get('session')!
    const once = () =>
      t.request('/verif/submit', {
        method: 'POST',
        body: submitForm({ session: token, selfie_video: FAKE_WEBM, id_photo: photo, frames: [frame] }),
      })
    expect((await once()).status).toBe(200)
    expect((await once()).status).toBe(401)

    const vault = createVault(t.dir, async () => (await idvKeysOf(t.store)()).seal)
    expect(await purgeDue(t.idvStore, vault, t.clock.now + 8 * DAY)).toBe(2)
    expect((await get()).status).toBe(404)
    expect((await t.idvStore.getCheck(body.check_id))?.sealedContact).toBeNull()
  })
})
