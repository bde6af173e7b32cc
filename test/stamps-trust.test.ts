/**
 * Stamps on the real trust system (server/trust/, no stand-in): a user enrolled by a hosted check with a
 * passkey stamps; 25 hours later they may not until a verify call judges them human again; a user never
 * enrolled, or whose enrolment was revoked, may not; a check reports the trust score the trust route gave.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { hostedCheck } from './helpers/enrol.ts'
import { sha256, stampCalls } from './helpers/stamps.ts'

const HOUR = 3_600_000
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => t.close())

it('lets an enrolled user judged human in the last 24 hours stamp, and no one else', async () => {
  const { key } = await t.key('roomy', { mode: 'test' })
  const calls = stampCalls(t)
  const stamp = (userId: string, text: string) =>
    calls.stamp(key, { content_hash: sha256(text), user_id: userId, type: 'text' })

  expect((await stamp('creator', 'before enrolment')).status).toBe(403)
  await hostedCheck(t, key, 'creator')
  const made = await stamp('creator', 'after enrolment')
  expect(made.status).toBe(200)
  const { signature } = (await made.json()) as { signature: string }
  const trust = (await (
    await t.request('/v1/trust/creator', { headers: { Authorization: `Bearer ${key}` } })
  ).json()) as { trust_score: number }
  const check = (await (
    await calls.check(key, { content_hash: sha256('after enrolment'), signature })
  ).json()) as {
    verified: boolean
    creator_trust_score: number
  }
  expect(check.verified).toBe(true)
  expect(check.creator_trust_score).toBe(trust.trust_score)
  expect(check.creator_trust_score).toBeGreaterThan(0)

  t.clock.now += 25 * HOUR
  const stale = await stamp('creator', 'a day later')
  expect(stale.status).toBe(403)
  expect(await stale.json()).toMatchObject({ error: 'CREATOR_NOT_VERIFIED' })
  expect((await t.verify(key, { userId: 'creator' })).status).toBe(200)
  expect((await stamp('creator', 'verified again')).status).toBe(200)

  await hostedCheck(t, key, 'no-passkey', { passkey: false })
  expect((await stamp('no-passkey', 'no enrolment without a passkey')).status).toBe(403)
  const revoked = await t.request('/v1/enrollment/revoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ user_id: 'creator' }),
  })
  expect(revoked.status).toBe(200)
  expect((await stamp('creator', 'after revocation')).status).toBe(403)
})
