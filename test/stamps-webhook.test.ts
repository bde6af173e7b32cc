/**
 * The `stamp.created` webhook end to end: a stamp over HTTP, the delivery worker's next pass, and a
 * receiver that gets the signed event with the stamp's id, hash, type and time.
 */
import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { startReceiver, type Receiver } from './helpers/receiver.ts'
import { fakeStanding, sha256, stampCalls } from './helpers/stamps.ts'

let t: TestApp
let receiver: Receiver
let webhooks: Webhooks
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
beforeEach(async () => {
  receiver = await startReceiver()
  const standing = fakeStanding()
  t = await makeTestApp({ standingOf: standing.standingOf })
  webhooks = createWebhooks({ store: t.store, devMode: true })
  standing.set('user_8412', { lastVerified: t.clock.now })
})
afterEach(async () => {
  await receiver.close()
  await t.close()
})

it('delivers stamp.created, signed, to the key destination for it', async () => {
  const { key, id } = await t.key()
  await webhooks.store.putDestination({
    keyId: id,
    type: 'stamp.created',
    url: receiver.url,
    secret: SECRET,
    now: Date.now(),
  })
  const hash = sha256('a song')
  const res = await stampCalls(t).stamp(key, { content_hash: hash, user_id: 'user_8412', type: 'audio' })
  const stamp = (await res.json()) as { stamp_id: string; timestamp: string }
  await webhooks.worker.runOnce()
  expect(receiver.received).toHaveLength(1)
  const got = receiver.received[0]!
  const event = new Webhook(SECRET).verify(got.body, got.headers as Record<string, string>) as Record<
    string,
    unknown
  >
  expect(event).toMatchObject({
    type: 'stamp.created',
    data: {
      stamp_id: stamp.stamp_id,
      content_hash: hash,
      type: 'audio',
      timestamp: stamp.timestamp,
      human_verified: true,
    },
  })
  expect(got.body).not.toContain('user_8412')
})
