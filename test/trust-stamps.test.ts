/**
 * Stamps on the real standing (server/trust/standing.ts), end to end over real sockets: a user enrolled by
 * a hosted check with a passkey stamps; a day later they must be judged human again (a verify verdict
 * does it); a revoked enrolment stamps nothing; a stamp carries the trust score the user had.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { hostedCheck } from './helpers/enrol.ts'
import { sha256, stampCalls } from './helpers/stamps.ts'
import { wanderingPointer } from './helpers/traces.ts'

let t: TestApp
let calls: ReturnType<typeof stampCalls>
beforeEach(async () => {
  t = await makeTestApp()
  calls = stampCalls(t)
})
afterEach(async () => {
  await t.close()
})

const HOUR = 3_600_000
const stamp = (key: string, text: string) =>
  calls.stamp(key, { content_hash: sha256(text), user_id: 'creator_1', type: 'text' })
const errorOf = async (res: Response) => (await res.json()) as { error: string; message: string }

describe('stamps on the trust system', () => {
  it('stamp for an enrolled user judged human within a day, with their trust score, and not after a revocation', async () => {
    const { key } = await t.key('roomy', { mode: 'test' })
    const refusedFirst = await stamp(key, 'before enrolling')
    expect(refusedFirst.status).toBe(403)
    expect((await errorOf(refusedFirst)).error).toBe('CREATOR_NOT_VERIFIED')

    await hostedCheck(t, key, 'creator_1')
    const first = await stamp(key, 'a poem')
    expect(first.status).toBe(200)
    const { signature } = (await first.json()) as { signature: string }
    const checked = await calls.check(key, { content_hash: sha256('a poem'), signature })
    // a sandbox key judges everyone human, so its stamps vouch for no one (docs/stamps.md)
    expect(await checked.json()).toMatchObject({
      verified: true,
      human_verified: false,
      sandbox: true,
      creator_trust_score: 55,
    })

    // a day and an hour later the check is too old; a human verify verdict makes the user recent again
    t.clock.now += 25 * HOUR
    const stale = await stamp(key, 'a later poem')
    expect(stale.status).toBe(403)
    expect((await errorOf(stale)).message).toContain('not judged human in the last 24 hours')
    await t.verify(key, { userId: 'creator_1', signals: wanderingPointer(9) })
    await expect.poll(async () => (await stamp(key, 'a later poem')).status).toBe(200)

    const revoked = await t.request('/v1/enrollment/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ user_id: 'creator_1' }),
    })
    expect(revoked.status).toBe(200)
    const after = await stamp(key, 'after the revocation')
    expect(after.status).toBe(403)
    expect((await errorOf(after)).message).toContain('no active enrolment')
  })
})
