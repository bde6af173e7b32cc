/**
 * POY Verify's enrolment and trust routes (server/trust/) over real sockets, on a real embedded store:
 * a hosted check completed with a (software) passkey enrols a user; POST /v1/verify answers both of the
 * contract's shapes; GET /v1/trust/{user_id} adds up the signal table; a revocation ends the enrolment; each
 * change goes out as its webhook, once; every field's 400, the 401s, the 404s and the 429 with its headers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  poyUnverifiedSchema,
  poyVerifiedSchema,
  trustResponseSchema,
  TRUST_SIGNALS,
} from '../shared/contracts/trust.ts'
import { normaliseUserId } from '../shared/user-id.ts'
import { openHostedStore } from '../server/hosted/store/index.ts'
import { createUserHasher } from '../server/secrets/user-hash.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createTrustService } from '../server/trust/service.ts'
import { trustSlice } from '../server/trust/store.ts'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { storeSealer } from '../server/webhooks/seal.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { hostedCheck as enrolHelper } from './helpers/enrol.ts'
import { wanderingPointer } from './helpers/traces.ts'

const DAY = 86_400_000
let t: TestApp
let webhooks: Webhooks
let dir: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huma-trust-'))
  const store = openEmbeddedStore(dir)
  webhooks = createWebhooks({ store, now: () => t.clock.now })
  t = await makeTestApp({ store, webhooks })
})
afterEach(async () => {
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})

const post = (path: string, key: string | null, body: unknown, headers: Record<string, string> = {}) =>
  t.request(path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
const poyVerify = (key: string | null, body: unknown) => post('/v1/verify', key, body)
const trustOf = (key: string | null, userId: string) =>
  t.request(`/v1/trust/${encodeURIComponent(userId)}`, {
    headers: key ? { Authorization: `Bearer ${key}` } : {},
  })
const revoke = (key: string | null, body: unknown) => post('/v1/enrollment/revoke', key, body)
const errorOf = async (res: Response) => (await res.json()) as { error: string; message: string }

/** A sandbox key: the hosted check scores `bot_...` references 2 and everyone else 98, as verify does. */
const sandboxKey = () => t.key('roomy', { mode: 'test' })

const hostedCheck = (key: string, userId: string, options?: { passkey?: boolean }) =>
  enrolHelper(t, key, userId, options)

/** Events of one moment (one transaction) in the order they are caused. */
const RANK = [
  'USER_VERIFICATION_COMPLETED',
  'enrollment.created',
  'enrollment.revoked',
  'trust.changed',
  'verification.completed',
]

/** The key's webhook events, oldest first, opened. */
async function eventsOf(keyId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const sealer = await storeSealer(t.store)
  const deliveries = await webhooks.store.deliveries(keyId, 100)
  return deliveries
    .sort((a, b) => a.createdAt - b.createdAt || RANK.indexOf(a.type) - RANK.indexOf(b.type))
    .map((d) => JSON.parse(sealer.open(d.sealedBody)!) as { type: string; data: Record<string, unknown> })
}
const typesOf = async (keyId: string) => (await eventsOf(keyId)).map((e) => e.type)

const UNENROLLED = { verified: false, human_status: 'unconfirmed', trust_score: 0, reason: 'no_enrollment' }

describe('POST /v1/verify', () => {
  it('answers the unenrolled shape, reason no_enrollment, for a user never checked', async () => {
    const { key } = await sandboxKey()
    const res = await poyVerify(key, { user_id: 'user_123' })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = await res.json()
    expect(body).toEqual(UNENROLLED)
    expect(poyUnverifiedSchema.strict().safeParse(body).success).toBe(true)
  })

  it('answers verified, confirmed, with the score and the checks, once a hosted check with a passkey passed', async () => {
    const { key } = await sandboxKey()
    const enrolledAt = t.clock.now
    expect(await hostedCheck(key, 'user_123')).toBe(98)
    t.clock.now += 9 * DAY
    const res = await poyVerify(key, { user_id: 'user_123', action: 'post' })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toEqual({
      verified: true,
      human_status: 'confirmed',
      // hosted_check 30 + passkey 25 + enrollment_age 10 × 9/90
      trust_score: 56,
      enrollment_active: true,
      verified_since: new Date(enrolledAt).toISOString(),
      checks: { biometric_liveness: true, device_attestation: true, enrollment_valid: true },
    })
    expect(poyVerifiedSchema.strict().safeParse(body).success).toBe(true)
  })

  it('knows the user however the user_id is spelled (case, width, spaces), as verify does', async () => {
    const { key } = await sandboxKey()
    await hostedCheck(key, 'Alice@Example.org')
    expect(await (await poyVerify(key, { user_id: ' alice@example.org' })).json()).toMatchObject({
      verified: true,
    })
  })

  it('does not enrol a user whose check passed without a passkey, nor one whose check scored as a bot', async () => {
    const { key } = await sandboxKey()
    await hostedCheck(key, 'no_passkey', { passkey: false })
    expect(await hostedCheck(key, 'bot_1')).toBe(2)
    for (const user_id of ['no_passkey', 'bot_1'])
      expect(await (await poyVerify(key, { user_id })).json()).toEqual(UNENROLLED)
  })

  it("is one key's: another key's enrolment of the same user_id counts for nothing here", async () => {
    const mine = await sandboxKey()
    const theirs = await sandboxKey()
    await hostedCheck(theirs.key, 'user_123')
    expect(await (await poyVerify(mine.key, { user_id: 'user_123' })).json()).toEqual(UNENROLLED)
  })

  it.each([
    [{}, 'user_id is required'],
    [{ user_id: '' }, 'user_id must not be empty'],
    [{ user_id: 42 }, 'user_id must be a string'],
    [{ user_id: 'u'.repeat(257) }, 'user_id is too long'],
    [{ user_id: 'u', action: 'sign up!' }, 'action has an invalid format'],
    [{ user_id: 'u', action: 7 }, 'action must be a string'],
    ['{"user_id":', 'the body must be a JSON object'],
    [[], 'the body must be a JSON object'],
  ])('answers 400 INVALID_REQUEST naming the field for %j', async (body, message) => {
    const { key } = await sandboxKey()
    const res = await poyVerify(key, body)
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toEqual({ error: 'INVALID_REQUEST', message })
  })

  it('answers 401 without a key, with a malformed key and with an unknown or revoked key', async () => {
    const { key, id } = await sandboxKey()
    const missing = await poyVerify(null, { user_id: 'u' })
    expect([missing.status, (await errorOf(missing)).error]).toEqual([401, 'MISSING_AUTH'])
    const malformed = await poyVerify('nope', { user_id: 'u' })
    expect([malformed.status, (await errorOf(malformed)).error]).toEqual([401, 'INVALID_API_KEY_FORMAT'])
    await t.store.revokeKey(id, t.clock.now)
    const revoked = await poyVerify(key, { user_id: 'u' })
    expect([revoked.status, (await errorOf(revoked)).error]).toEqual([401, 'INVALID_API_KEY'])
  })

  it("answers 429 BURST_LIMIT_EXCEEDED past the key's requests a minute, with the X-RateLimit-* headers throughout", async () => {
    const { key } = await t.key('tiny') // 5 a minute
    for (let i = 0; i < 5; i++) {
      const res = await poyVerify(key, { user_id: 'u' })
      expect(res.status).toBe(200)
      expect(res.headers.get('X-RateLimit-Limit')).toBe('5')
      expect(res.headers.get('X-RateLimit-Remaining')).toBe(String(4 - i))
    }
    const refused = await poyVerify(key, { user_id: 'u' })
    expect(refused.status).toBe(429)
    expect((await errorOf(refused)).error).toBe('BURST_LIMIT_EXCEEDED')
    expect(refused.headers.get('X-RateLimit-Remaining')).toBe('0')
    expect(Number(refused.headers.get('X-RateLimit-Reset'))).toBeGreaterThan(0)
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
  })

  it('answers 413 for a body over 64 KB', async () => {
    const { key } = await sandboxKey()
    const res = await poyVerify(key, { user_id: 'u', pad: 'x'.repeat(70_000) })
    expect(res.status).toBe(413)
    expect((await errorOf(res)).error).toBe('PAYLOAD_TOO_LARGE')
  })
})

describe('GET /v1/trust/{user_id}', () => {
  it('adds up the signal table: a check, a passkey, a human verify verdict and the enrolment age', async () => {
    const { key } = await sandboxKey()
    const enrolledAt = t.clock.now
    await hostedCheck(key, 'user_123')
    t.clock.now += 45 * DAY
    const verdict = await t.verify(key, { userId: 'user_123', signals: wanderingPointer(5) })
    expect(((await verdict.json()) as { human: boolean }).human).toBe(true)
    const read = async () => (await (await trustOf(key, 'user_123')).json()) as Record<string, unknown>
    // the verdict is noted after verify answered
    await expect.poll(async () => (await read()).trust_score).toBe(80)
    const res = await trustOf(key, 'user_123')
    expect(res.status).toBe(200)
    expect(res.headers.get('X-RateLimit-Limit')).toBe('1000')
    const body = await res.json()
    expect(body).toEqual({
      user_id: 'user_123',
      trust_score: 80,
      max_score: 100,
      signals: {
        hosted_check: { verified: true, points: 30 },
        passkey: { verified: true, points: 25 },
        recent_verification: { verified: true, points: 20 },
        identity_document: { verified: false, points: 0 },
        enrollment_age: { verified: true, points: 5 },
      },
      verified_since: new Date(enrolledAt).toISOString(),
      last_verified: new Date(enrolledAt + 45 * DAY).toISOString(),
    })
    expect(trustResponseSchema.strict().safeParse(body).success).toBe(true)
    // every signal of the table, and only those
    expect(Object.keys((body as { signals: object }).signals)).toEqual(TRUST_SIGNALS.map((s) => s.name))

    // a month and a day without a human verdict: the signal lapses; the enrolment's age is full at 90 days
    t.clock.now += 31 * DAY
    expect(await read()).toMatchObject({
      trust_score: 63.4,
      signals: expect.objectContaining({
        recent_verification: { verified: false, points: 0 },
        enrollment_age: { verified: true, points: 8.4 },
      }),
    })
    t.clock.now += 60 * DAY
    expect((await read()).trust_score).toBe(65)
  })

  it('answers for a user known only by a human verify verdict, unenrolled', async () => {
    const { key } = await sandboxKey()
    await t.verify(key, { userId: 'reader_9', signals: wanderingPointer(2) })
    await expect.poll(async () => (await trustOf(key, 'reader_9')).status).toBe(200)
    expect(await (await trustOf(key, 'reader_9')).json()).toMatchObject({
      trust_score: 20,
      verified_since: null,
      last_verified: new Date(t.clock.now).toISOString(),
    })
  })

  it('counts a check passed without a passkey, but not as a passkey or an enrolment', async () => {
    const { key } = await sandboxKey()
    await hostedCheck(key, 'user_123', { passkey: false })
    expect(await (await trustOf(key, 'user_123')).json()).toMatchObject({
      trust_score: 30,
      signals: {
        hosted_check: { verified: true, points: 30 },
        passkey: { verified: false, points: 0 },
        recent_verification: { verified: false, points: 0 },
        identity_document: { verified: false, points: 0 },
        enrollment_age: { verified: false, points: 0 },
      },
      verified_since: null,
    })
  })

  it('answers 404 NOT_FOUND for a user_id nothing is known of under this key', async () => {
    const mine = await sandboxKey()
    const theirs = await sandboxKey()
    await hostedCheck(theirs.key, 'user_123')
    const res = await trustOf(mine.key, 'user_123')
    expect(res.status).toBe(404)
    expect(await errorOf(res)).toEqual({
      error: 'NOT_FOUND',
      message: 'nothing is known of this user_id under this key',
    })
  })

  it('takes any user_id, URL-encoded in the path: slashes, spaces, @ and non-ASCII', async () => {
    const { key } = await sandboxKey()
    for (const userId of ['team/alice', 'Zoë Ünal', 'a@b.example']) {
      await hostedCheck(key, userId)
      const res = await trustOf(key, userId)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { user_id: string }).user_id).toBe(userId)
    }
  })

  it('answers 400 INVALID_REQUEST naming user_id when it is over 256 characters', async () => {
    const { key } = await sandboxKey()
    const res = await trustOf(key, 'u'.repeat(257))
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toEqual({ error: 'INVALID_REQUEST', message: 'user_id is too long' })
  })

  it('answers 401 without a key and 429 past the burst window', async () => {
    expect((await trustOf(null, 'u')).status).toBe(401)
    const { key } = await t.key('tiny')
    for (let i = 0; i < 5; i++) expect((await trustOf(key, 'u')).status).toBe(404)
    const refused = await trustOf(key, 'u')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('X-RateLimit-Limit')).toBe('5')
  })
})

describe('POST /v1/enrollment/revoke', () => {
  it('ends the enrolment: verify answers no_enrollment and the check and passkey stop counting', async () => {
    const { key } = await sandboxKey()
    await hostedCheck(key, 'user_123')
    t.clock.now += DAY
    const res = await revoke(key, { user_id: 'user_123' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      revoked: true,
      user_id: 'user_123',
      revoked_at: new Date(t.clock.now).toISOString(),
    })
    expect(await (await poyVerify(key, { user_id: 'user_123' })).json()).toEqual(UNENROLLED)
    expect(await (await trustOf(key, 'user_123')).json()).toMatchObject({
      trust_score: 0,
      verified_since: null,
      last_verified: null,
    })
    // nothing left to revoke
    const again = await revoke(key, { user_id: 'user_123' })
    expect(again.status).toBe(404)
    expect(await errorOf(again)).toEqual({
      error: 'NOT_FOUND',
      message: 'this user_id has no active enrolment under this key',
    })
  })

  it('lets a hosted check completed after the revocation enrol the user again, since then', async () => {
    const { key } = await sandboxKey()
    await hostedCheck(key, 'user_123')
    t.clock.now += DAY
    await revoke(key, { user_id: 'user_123' })
    t.clock.now += DAY
    const again = t.clock.now
    await hostedCheck(key, 'user_123')
    expect(await (await poyVerify(key, { user_id: 'user_123' })).json()).toMatchObject({
      verified: true,
      verified_since: new Date(again).toISOString(),
    })
  })

  it('answers 404 for a user never enrolled, 400 naming user_id, 401 without a key', async () => {
    const { key } = await sandboxKey()
    await hostedCheck(key, 'no_passkey', { passkey: false })
    expect((await revoke(key, { user_id: 'no_passkey' })).status).toBe(404)
    const bad = await revoke(key, { user: 'x' })
    expect(bad.status).toBe(400)
    expect((await errorOf(bad)).message).toBe('user_id is required')
    expect((await revoke(null, { user_id: 'x' })).status).toBe(401)
  })
})

describe('scoped keys and allowed origins', () => {
  it('answers 403 SCOPE_NOT_ALLOWED to POST /v1/verify without the verify scope, and to the trust routes without trust', async () => {
    const trustOnly = await t.key('roomy', { mode: 'test', scopes: ['trust'] })
    const verifyOnly = await t.key('roomy', { mode: 'test', scopes: ['verify'] })
    const refused = await poyVerify(trustOnly.key, { user_id: 'u' })
    expect(refused.status).toBe(403)
    expect((await errorOf(refused)).error).toBe('SCOPE_NOT_ALLOWED')
    for (const res of [await trustOf(verifyOnly.key, 'u'), await revoke(verifyOnly.key, { user_id: 'u' })]) {
      expect(res.status).toBe(403)
      expect((await errorOf(res)).error).toBe('SCOPE_NOT_ALLOWED')
    }
    // each within its own scope
    expect((await poyVerify(verifyOnly.key, { user_id: 'u' })).status).toBe(200)
    expect((await trustOf(trustOnly.key, 'u')).status).toBe(404)
  })

  it('answers 403 ORIGIN_NOT_ALLOWED to a browser Origin the key does not allow, and serves an allowed one', async () => {
    const { key } = await t.key('roomy', { mode: 'test', allowedOrigins: ['https://app.example'] })
    const elsewhere = await post('/v1/verify', key, { user_id: 'u' }, { Origin: 'https://evil.example' })
    expect(elsewhere.status).toBe(403)
    expect((await errorOf(elsewhere)).error).toBe('ORIGIN_NOT_ALLOWED')
    const allowed = await post('/v1/verify', key, { user_id: 'u' }, { Origin: 'https://app.example' })
    expect(allowed.status).toBe(200)
  })
})

describe('the enrolment and trust webhooks', () => {
  it('sends enrollment.created and trust.changed once, when the check completes, before anyone asks', async () => {
    const { key, id } = await sandboxKey()
    const at = t.clock.now
    await hostedCheck(key, 'User_123')
    const events = await eventsOf(id)
    expect(events.map((e) => e.type)).toEqual([
      'USER_VERIFICATION_COMPLETED',
      'enrollment.created',
      'trust.changed',
    ])
    expect(events[1]!.data).toEqual({ user_id: 'User_123', enrolled_at: new Date(at).toISOString() })
    expect(events[2]!.data).toEqual({ user_id: 'User_123', trust_score: 55, previous_score: 0 })
    // reads that find nothing new announce nothing
    await trustOf(key, 'User_123')
    await trustOf(key, 'User_123')
    expect(await typesOf(id)).toHaveLength(3)
  })

  it('announces an enrolment the server stopped before announcing at the next read of the user', async () => {
    const { key, id } = await sandboxKey()
    // a check stored as the hosted check stores it, with no announcement after it (a crash in between)
    const hosted = openHostedStore(t.store)
    const refHash = (await createUserHasher(t.store))(id, normaliseUserId('user_123'))
    const at = t.clock.now
    await hosted.register({
      userId: 'bcu_crash',
      keyId: id,
      refHash,
      refSealed: null,
      regionId: null,
      dataRequest: 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID',
      redirectUrl: null,
      state: null,
      createdAt: at,
      codeHash: 'code-hash-crash',
      codeExpiresAt: at + 60_000,
    })
    const result = { humannessScore: 98, fulfillmentTimeS: 3, uniqueHumanId: 'uh_x', completedAt: at }
    const done = await hosted.complete({
      codeHash: 'code-hash-crash',
      result,
      now: at,
      claim: null,
      event: null,
    })
    expect(done.ok).toBe(true)
    expect(await typesOf(id)).toEqual([])
    t.clock.now += 1000
    expect(await (await poyVerify(key, { user_id: 'user_123' })).json()).toMatchObject({
      verified: true,
      verified_since: new Date(at).toISOString(),
    })
    expect(await typesOf(id)).toEqual(['enrollment.created', 'trust.changed', 'verification.completed'])
  })

  it('sends verification.completed for every POST /v1/verify, with the action and the answer', async () => {
    const { key, id } = await sandboxKey()
    await poyVerify(key, { user_id: 'nobody', action: 'signup' })
    t.clock.now += 1000
    await poyVerify(key, { user_id: 'nobody' })
    const events = (await eventsOf(id)).filter((e) => e.type === 'verification.completed')
    expect(events.map((e) => e.data)).toEqual([
      { user_id: 'nobody', action: 'signup', verified: false, human_status: 'unconfirmed', trust_score: 0 },
      { user_id: 'nobody', action: null, verified: false, human_status: 'unconfirmed', trust_score: 0 },
    ])
  })

  it('sends trust.changed when the score moves (a verdict, the enrolment ageing) and enrollment.revoked on revocation', async () => {
    const { key, id } = await sandboxKey()
    await hostedCheck(key, 'user_123')
    t.clock.now += 1000
    await t.verify(key, { userId: 'user_123', signals: wanderingPointer(4) })
    await expect.poll(() => typesOf(id)).toHaveLength(4)
    t.clock.now += 9 * DAY
    await trustOf(key, 'user_123')
    t.clock.now += 60_000
    await revoke(key, { user_id: 'user_123' })
    const events = await eventsOf(id)
    expect(events.map((e) => e.type)).toEqual([
      'USER_VERIFICATION_COMPLETED',
      'enrollment.created',
      'trust.changed',
      'trust.changed',
      'trust.changed',
      'enrollment.revoked',
      'trust.changed',
    ])
    expect(events.filter((e) => e.type === 'trust.changed').map((e) => e.data.trust_score)).toEqual([
      55, 75, 76, 20,
    ])
    expect(events[5]!.data).toEqual({ user_id: 'user_123', revoked_at: new Date(t.clock.now).toISOString() })
  })
})

describe('a verify verdict for a passer-by', () => {
  it('is noted without a webhook; the score it adds is announced at their first read', async () => {
    const { key, id } = await sandboxKey()
    await t.verify(key, { userId: 'passer_by', signals: wanderingPointer(7) })
    const hash = (await createUserHasher(t.store))(id, normaliseUserId('passer_by'))
    await expect
      .poll(async () => (await t.store.slice(trustSlice).get(id, hash))?.lastHumanAt)
      .toBe(t.clock.now)
    expect(await typesOf(id)).toEqual([])
    await trustOf(key, 'passer_by')
    const events = await eventsOf(id)
    expect(events.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'trust.changed', data: { user_id: 'passer_by', trust_score: 20, previous_score: 0 } },
    ])
  })
})

describe('the standing other systems read (server/trust/standing.ts)', () => {
  it("answers an enrolled user's standing, and an unknown user's as not enrolled", async () => {
    const { key, id } = await sandboxKey()
    const at = t.clock.now
    await hostedCheck(key, 'creator_1')
    const trust = createTrustService({
      store: () => t.store.slice(trustSlice),
      hosted: () => openHostedStore(t.store),
      userHasher: () => createUserHasher(t.store),
      outbox: webhooks.outbox,
      now: () => t.clock.now,
    })
    expect(await trust.standingOf(id, 'creator_1')).toEqual({
      enrolled: true,
      enrolledSince: at,
      lastVerified: at,
      trustScore: 55,
    })
    expect(await trust.standingOf(id, 'someone_else')).toEqual({
      enrolled: false,
      enrolledSince: null,
      lastVerified: null,
      trustScore: 0,
    })
  })
})

describe('privacy', () => {
  it('keeps no user id on disk or in the log: only keyed hashes', async () => {
    const { key, id } = await sandboxKey()
    const userId = 'carol.private@example.org'
    await hostedCheck(key, userId)
    await t.verify(key, { userId, signals: wanderingPointer(6) })
    await poyVerify(key, { user_id: userId, action: 'post' })
    await trustOf(key, userId)
    await revoke(key, { user_id: userId })
    // the verdict is noted after verify answers
    const hash = (await createUserHasher(t.store))(id, normaliseUserId(userId))
    await expect
      .poll(async () => (await t.store.slice(trustSlice).get(id, hash))?.lastHumanAt)
      .toBe(t.clock.now)
    const files = ['huma.sqlite', 'huma.sqlite-wal'].map((f) => {
      try {
        return readFileSync(join(dir, f)).toString('latin1')
      } catch {
        return ''
      }
    })
    expect(files.join('').length).toBeGreaterThan(0)
    for (const text of [...files, t.logs.join('\n')]) {
      expect(text.toLowerCase()).not.toContain('carol.private')
    }
    // the trust route is logged by its pattern, never by the id in its path
    expect(t.logs.join('\n')).toContain('/v1/trust/:user_id')
  })
})
