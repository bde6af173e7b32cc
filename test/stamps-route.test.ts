/**
 * Content stamps over real sockets (docs/stamps.md): stamping, the refusals, checking (intact, modified,
 * forged, foreign, swapped, revoked), revocation by the key that stamped only, the offline check with
 * jose exactly as docs/stamps.md shows it, the monthly stamp quota and its headers, the webhook.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { msToNextMonth } from '../server/limits/service.ts'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { fakeStanding, sha256, stampCalls } from './helpers/stamps.ts'

let t: TestApp
let standing: ReturnType<typeof fakeStanding>
let webhooks: Webhooks
let calls: ReturnType<typeof stampCalls>
const HOUR = 3_600_000
const HASH = sha256('a photo of the sea')

beforeEach(async () => {
  standing = fakeStanding()
  t = await makeTestApp({ standingOf: (k, u) => standing.standingOf(k, u) })
  webhooks = createWebhooks({ store: t.store, now: () => t.clock.now })
  calls = stampCalls(t)
  standing.set('user_8412', { lastVerified: t.clock.now - HOUR, trustScore: 98.2 })
})
afterEach(async () => {
  await t.close()
})

const json = async (res: Response) => (await res.json()) as Record<string, unknown>

async function stamped(key: string, hash = HASH, userId = 'user_8412') {
  const res = await calls.stamp(key, { content_hash: hash, user_id: userId, type: 'image' })
  expect(res.status).toBe(200)
  return (await res.json()) as { stamp_id: string; signature: string; timestamp: string }
}

describe('POST /v1/stamp', () => {
  it('stamps the hash of an enrolled user judged human within 24 hours', async () => {
    const { key } = await t.key()
    const res = await calls.stamp(key, { content_hash: HASH, user_id: 'user_8412', type: 'image' })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body).toEqual({
      stamped: true,
      stamp_id: expect.stringMatching(/^stmp_[a-z2-7]{26}$/),
      content_hash: HASH,
      signature: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      timestamp: new Date(t.clock.now).toISOString(),
      human_verified: true,
    })
    const header = decodeProtectedHeader(body.signature as string)
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'huma-stamp+jws' })
    const jwks = (await json(await t.request('/.well-known/jwks.json'))) as unknown as {
      keys: { kid: string }[]
    }
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid)
  })

  it.each([
    [
      { content_hash: HASH.toUpperCase(), user_id: 'u', type: 'text' },
      'content_hash must be the SHA-256 hex',
    ],
    [{ content_hash: HASH.slice(1), user_id: 'u', type: 'text' }, 'content_hash must be the SHA-256 hex'],
    [{ content_hash: 42, user_id: 'u', type: 'text' }, 'content_hash must be the SHA-256 hex'],
    [{ user_id: 'u', type: 'text' }, 'content_hash is required'],
    [{ content_hash: HASH, type: 'text' }, 'user_id is required'],
    [{ content_hash: HASH, user_id: '', type: 'text' }, 'user_id'],
    [
      { content_hash: HASH, user_id: 'u', type: 'gif' },
      'type must be one of text, image, video, audio, document',
    ],
    [{ content_hash: HASH, user_id: 'u' }, 'type must be one of'],
    ['not json', 'JSON object'],
  ])('answers 400 INVALID_REQUEST naming the field for %j', async (body, field) => {
    const { key } = await t.key()
    const res = await calls.stamp(key, body)
    expect(res.status).toBe(400)
    const error = await json(res)
    expect(error.error).toBe('INVALID_REQUEST')
    expect(error.message).toContain(field)
  })

  it('accepts each of the five types', async () => {
    const { key } = await t.key()
    for (const type of ['text', 'image', 'video', 'audio', 'document']) {
      const res = await calls.stamp(key, { content_hash: sha256(type), user_id: 'user_8412', type })
      expect(res.status, type).toBe(200)
    }
  })

  it('answers 401 without a key and with an unknown one', async () => {
    expect((await calls.stamp(null, {})).status).toBe(401)
    expect((await calls.stamp(`huma_live_${'a'.repeat(32)}`, {})).status).toBe(401)
  })

  it('answers 403 CREATOR_NOT_VERIFIED for a user who is not enrolled', async () => {
    const { key } = await t.key()
    const res = await calls.stamp(key, { content_hash: HASH, user_id: 'stranger', type: 'text' })
    expect(res.status).toBe(403)
    expect(await json(res)).toMatchObject({
      error: 'CREATOR_NOT_VERIFIED',
      message: expect.stringContaining('enrolment'),
    })
  })

  it('stamps for a user last judged human 23 hours ago and refuses one judged 25 hours ago', async () => {
    const { key } = await t.key()
    standing.set('recent', { lastVerified: t.clock.now - 23 * HOUR })
    standing.set('stale', { lastVerified: t.clock.now - 25 * HOUR })
    standing.set('never', { lastVerified: null })
    expect((await calls.stamp(key, { content_hash: HASH, user_id: 'recent', type: 'text' })).status).toBe(200)
    for (const user of ['stale', 'never']) {
      const res = await calls.stamp(key, { content_hash: HASH, user_id: user, type: 'text' })
      expect(res.status, user).toBe(403)
      expect(await json(res)).toMatchObject({
        error: 'CREATOR_NOT_VERIFIED',
        message: expect.stringContaining('24 hours'),
      })
    }
  })

  it("refuses, on the app's own trust system, a user it never enrolled", async () => {
    const plain = await makeTestApp()
    try {
      const { key } = await plain.key()
      const res = await stampCalls(plain).stamp(key, {
        content_hash: HASH,
        user_id: 'user_8412',
        type: 'text',
      })
      expect(res.status).toBe(403)
    } finally {
      await plain.close()
    }
  })

  it('queues a stamp.created webhook for the key with the stamp', async () => {
    const { key, id } = await t.key()
    const { stamp_id } = await stamped(key)
    const deliveries = await webhooks.store.deliveries(id, 10)
    expect(deliveries.map((d) => d.type)).toEqual(['stamp.created'])
    const refused = await calls.stamp(key, { content_hash: HASH, user_id: 'stranger', type: 'text' })
    expect(refused.status).toBe(403)
    expect(await webhooks.store.deliveries(id, 10)).toHaveLength(1)
    expect(stamp_id).toMatch(/^stmp_/)
  })
})

describe('the monthly stamp quota', () => {
  it('answers 429 STAMP_LIMIT_EXCEEDED with the month in X-RateLimit-* past the plan, and stamps again next month', async () => {
    const { key } = await t.key('stamps3')
    for (let i = 0; i < 3; i++) await stamped(key, sha256(`n${i}`))
    const res = await calls.stamp(key, { content_hash: HASH, user_id: 'user_8412', type: 'text' })
    expect(res.status).toBe(429)
    expect(await json(res)).toMatchObject({ error: 'STAMP_LIMIT_EXCEEDED' })
    const reset = String(Math.ceil(msToNextMonth(t.clock.now) / 1000))
    expect(res.headers.get('X-RateLimit-Limit')).toBe('3')
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('0')
    expect(res.headers.get('X-RateLimit-Reset')).toBe(reset)
    expect(res.headers.get('Retry-After')).toBe(reset)
    // refused stamps are not logged
    expect((await json(await t.request('/v1/stamps/log/head'))).size).toBe(3)
    t.clock.now += msToNextMonth(t.clock.now)
    standing.set('user_8412', { lastVerified: t.clock.now })
    await stamped(key)
  })

  it('admits exactly 10 of 40 parallel stamps at the edge, over HTTP', async () => {
    const { key } = await t.key('stamps10')
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        calls.stamp(key, { content_hash: sha256(`p${i}`), user_id: 'user_8412', type: 'text' }),
      ),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(30)
    expect((await json(await t.request('/v1/stamps/log/head'))).size).toBe(10)
  })

  it('counts stamps apart from verifications', async () => {
    const { key } = await t.key('monthly') // 3 verifications a month, 50 stamps
    for (let i = 0; i < 4; i++) await stamped(key, sha256(`v${i}`))
    const verify = await t.verify(key, { userId: 'someone' })
    expect(verify.status).toBe(200)
    expect(verify.headers.get('X-Quota-Remaining')).toBe('2')
  })
})

describe('POST /v1/stamp/check', () => {
  it('verifies an intact stamp with its age and the creator trust score', async () => {
    const { key } = await t.key()
    const { signature, stamp_id } = await stamped(key)
    t.clock.now += HOUR
    const res = await calls.check(key, { content_hash: HASH, signature })
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({
      verified: true,
      human_verified: true,
      stamp_id,
      stamp_age_seconds: 3600,
      content_integrity: 'intact',
      creator_trust_score: 98.2,
      revoked: false,
      key_revoked: false,
    })
  })

  it('says key_revoked once the key that stamped is revoked, and stays authentic', async () => {
    const { key, id } = await t.key()
    const checker = await t.key()
    const { signature } = await stamped(key)
    expect(await t.store.revokeKey(id, t.clock.now)).toBe(true)
    expect(await json(await calls.check(checker.key, { content_hash: HASH, signature }))).toMatchObject({
      verified: true,
      key_revoked: true,
    })
  })

  it('may be asked by any key, not only the one that stamped', async () => {
    const { key } = await t.key()
    const other = await t.key()
    const { signature } = await stamped(key)
    expect(await json(await calls.check(other.key, { content_hash: HASH, signature }))).toMatchObject({
      verified: true,
    })
  })

  it('says modified, and not verified, when the hash is not the one stamped', async () => {
    const { key } = await t.key()
    const { signature } = await stamped(key)
    const body = await json(
      await calls.check(key, { content_hash: sha256('a photo of the sea, edited'), signature }),
    )
    expect(body).toMatchObject({
      verified: false,
      human_verified: false,
      content_integrity: 'modified',
      reason: 'content_modified',
    })
  })

  it('answers verified: false, invalid_signature for a forged signature and for a swapped payload', async () => {
    const { key } = await t.key()
    const a = await stamped(key, HASH)
    const b = await stamped(key, sha256('another'))
    const [header, payload, sig] = a.signature.split('.') as [string, string, string]
    const flipped = `${header}.${payload}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`
    const swapped = `${header}.${b.signature.split('.')[1]}.${sig}`
    for (const signature of [flipped, swapped, 'not.a.jws', `${header}.${payload}`]) {
      const res = await calls.check(key, { content_hash: HASH, signature })
      expect(res.status, signature).toBe(200)
      expect(await json(res), signature).toEqual({
        verified: false,
        human_verified: false,
        reason: 'invalid_signature',
      })
    }
  })

  it('answers unknown_signing_key for a stamp signed by a key not in the JWKS', async () => {
    const { key } = await t.key()
    const { signature } = await stamped(key)
    const claims = JSON.parse(Buffer.from(signature.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'huma-stamp+jws', kid: 'not-ours' })
      .sign(privateKey)
    expect(await json(await calls.check(key, { content_hash: HASH, signature: forged }))).toEqual({
      verified: false,
      human_verified: false,
      reason: 'unknown_signing_key',
    })
    // the same forgery under our kid fails its signature
    const kid = decodeProtectedHeader(signature).kid!
    const underOurKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'huma-stamp+jws', kid })
      .sign(privateKey)
    expect((await json(await calls.check(key, { content_hash: HASH, signature: underOurKid }))).reason).toBe(
      'invalid_signature',
    )
  })

  it('never takes an audit token for a stamp, nor a stamp for an audit token', async () => {
    const { key } = await t.key()
    const token = ((await json(await t.verify(key, { userId: 'u' }))) as { token: string }).token
    expect(await json(await calls.check(key, { content_hash: HASH, signature: token }))).toMatchObject({
      verified: false,
      reason: 'invalid_signature',
    })
    const { signature } = await stamped(key)
    const asToken = await t.request('/api/v1/tokens/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ token: signature }),
    })
    expect(await json(asToken)).toMatchObject({ valid: false })
  })

  it('answers 400 naming the field for a bad hash or a missing signature, and 401 without a key', async () => {
    const { key } = await t.key()
    const bad = await calls.check(key, { content_hash: 'abc', signature: 'x.y.z' })
    expect(bad.status).toBe(400)
    expect((await json(bad)).message).toContain('content_hash')
    const missing = await calls.check(key, { content_hash: HASH })
    expect(missing.status).toBe(400)
    expect((await json(missing)).message).toContain('signature')
    expect((await calls.check(null, { content_hash: HASH, signature: 'x.y.z' })).status).toBe(401)
  })
})

describe('POST /v1/stamp/{stamp_id}/revoke', () => {
  it('revokes for the key that stamped; checks then list the stamp as revoked', async () => {
    const { key } = await t.key()
    const { signature, stamp_id } = await stamped(key)
    t.clock.now += 60_000
    const res = await calls.revoke(key, stamp_id)
    expect(res.status).toBe(200)
    const revokedAt = new Date(t.clock.now).toISOString()
    expect(await json(res)).toEqual({ revoked: true, stamp_id, revoked_at: revokedAt })
    expect(await json(await calls.check(key, { content_hash: HASH, signature }))).toMatchObject({
      verified: false,
      human_verified: false,
      revoked: true,
      revoked_at: revokedAt,
      content_integrity: 'intact',
      reason: 'revoked',
    })
    t.clock.now += 60_000
    expect(await json(await calls.revoke(key, stamp_id))).toEqual({
      revoked: true,
      stamp_id,
      revoked_at: revokedAt,
    })
  })

  it("answers 404 for another key's stamp and for an unknown or malformed id", async () => {
    const { key } = await t.key()
    const other = await t.key()
    const { stamp_id, signature } = await stamped(key)
    for (const [k, id] of [
      [other.key, stamp_id],
      [key, 'stmp_aaaaaaaaaaaaaaaaaaaaaaaaaa'],
      [key, 'nope'],
    ] as const) {
      const res = await calls.revoke(k, id)
      expect(res.status, id).toBe(404)
      expect((await json(res)).error).toBe('NOT_FOUND')
    }
    expect((await json(await calls.check(key, { content_hash: HASH, signature }))).verified).toBe(true)
  })
})

describe('checking a stamp offline with jose, as docs/stamps.md shows', () => {
  it('verifies the signature with the JWKS and compares the content hash', async () => {
    const { key } = await t.key()
    const { signature } = await stamped(key)
    const base = (await t.request('/')).url.replace(/\/$/, '')
    // --- as docs/stamps.md ---
    const JWKS = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`))
    const { payload } = await jwtVerify(signature, JWKS, {
      algorithms: ['EdDSA'],
      issuer: 'huma',
      typ: 'huma-stamp+jws',
    })
    const intact = payload.content_hash === sha256('a photo of the sea')
    // ---
    expect(intact).toBe(true)
    expect(payload).toMatchObject({ type: 'image', human_verified: true, trust_score: 98.2 })
    const docs = readFileSync(join(import.meta.dirname, '..', 'docs', 'stamps.md'), 'utf8')
    expect(docs).toContain("createRemoteJWKSet(new URL('https://huma.example.com/.well-known/jwks.json'))")
    expect(docs).toContain("typ: 'huma-stamp+jws'")
    // an audit token does not pass for a stamp offline either
    const token = ((await json(await t.verify(key, { userId: 'u' }))) as { token: string }).token
    await expect(jwtVerify(token, JWKS, { algorithms: ['EdDSA'], typ: 'huma-stamp+jws' })).rejects.toThrow()
    expect(exportJWK).toBeDefined()
  })
})

describe('under app.request() (no socket)', () => {
  it('stamps, checks and revokes the same as over a socket', async () => {
    const { key } = await t.key()
    const post = (path: string, body: unknown) =>
      t.app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      })
    const made = (await (
      await post('/v1/stamp', { content_hash: HASH, user_id: 'user_8412', type: 'video' })
    ).json()) as {
      stamp_id: string
      signature: string
    }
    expect(
      await json(await post('/v1/stamp/check', { content_hash: HASH, signature: made.signature })),
    ).toMatchObject({
      verified: true,
    })
    expect((await post(`/v1/stamp/${made.stamp_id}/revoke`, {})).status).toBe(200)
    expect((await t.app.request('/v1/stamps/log/head')).status).toBe(200)
  })
})

describe('the stamp scope', () => {
  const calls403 = (key: string, origin?: string) => {
    const headers = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${key}`,
      ...(origin ? { Origin: origin } : {}),
    }
    const post = (path: string, body: unknown) =>
      t.request(path, { method: 'POST', headers, body: JSON.stringify(body) })
    return [
      post('/v1/stamp', { content_hash: HASH, user_id: 'user_8412', type: 'text' }),
      post('/v1/stamp/check', { content_hash: HASH, signature: 'x.y.z' }),
      post('/v1/stamp/stmp_aaaaaaaaaaaaaaaaaaaaaaaaaa/revoke', {}),
    ]
  }

  it('answers 403 SCOPE_NOT_ALLOWED on every stamp route to a key without the stamp scope', async () => {
    const { key } = await t.key('roomy', { scopes: ['verify', 'hosted', 'trust', 'webhooks'] })
    for (const res of await Promise.all(calls403(key))) {
      expect(res.status).toBe(403)
      expect(await json(res)).toMatchObject({
        error: 'SCOPE_NOT_ALLOWED',
        message: expect.stringContaining('stamp'),
      })
    }
    const only = await t.key('roomy', { scopes: ['stamp'] })
    expect(
      (await calls.stamp(only.key, { content_hash: HASH, user_id: 'user_8412', type: 'text' })).status,
    ).toBe(200)
  })

  it('answers 403 ORIGIN_NOT_ALLOWED to a browser Origin the key does not allow', async () => {
    const { key } = await t.key('roomy', { allowedOrigins: ['https://shop.example'] })
    for (const res of await Promise.all(calls403(key, 'https://evil.example'))) {
      expect(res.status).toBe(403)
      expect((await json(res)).error).toBe('ORIGIN_NOT_ALLOWED')
    }
  })

  it('leaves the public log to anyone, without a key', async () => {
    expect((await t.request('/v1/stamps/log/head')).status).toBe(200)
    expect((await t.request('/v1/stamps/log/entries')).status).toBe(200)
  })
})
