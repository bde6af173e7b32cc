import { createLocalJWKSet, jwtVerify, SignJWT, generateKeyPair, type JWK } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../server/app.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createSigningKey } from '../server/tokens/service.ts'
import { makeTestApp, TEST_PLANS, type TestApp } from './helpers/app.ts'

let t: TestApp
let key: string
beforeEach(async () => {
  t = await makeTestApp()
  key = (await t.key()).key
})
afterEach(async () => {
  await t.close()
})

async function issue(userId = 'user_123', action = 'login'): Promise<string> {
  const res = await t.verify(key, { userId, action })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

async function check(token: unknown, userId?: string, app = t.app) {
  const res = await app.request('/api/v1/tokens/verify', {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(userId === undefined ? { token } : { token, userId }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('audit tokens', () => {
  it('say what was decided, for which key and action, without the userId', async () => {
    const token = await issue('user_123', 'login')
    expect(token).not.toContain('user_123')
    expect(Buffer.from(token.split('.')[1]!, 'base64url').toString()).not.toContain('user_123')
    const { status, body } = await check(token)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      valid: true,
      user_match: null,
      claims: {
        human: expect.any(Boolean),
        confidence: expect.any(Number),
        action: 'login',
        issued_at: '2026-11-10T12:00:00.000Z',
      },
    })
  })

  it('tell whether they were issued for a given userId', async () => {
    const token = await issue('user_123')
    expect((await check(token, 'user_123')).body.user_match).toBe(true)
    expect((await check(token, 'user_124')).body.user_match).toBe(false)
  })

  it('match a userId only for the key they were issued under', async () => {
    const token = await issue('user_123')
    const other = (await t.key()).key
    const res = await t.request('/api/v1/tokens/verify', {
      method: 'POST',
      headers: { Authorization: `Bearer ${other}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, userId: 'user_123' }),
    })
    expect((await res.json()) as Record<string, unknown>).toMatchObject({ valid: true, user_match: null })
  })

  it('say when a sandbox key issued them', async () => {
    expect(((await check(await issue())).body.claims as Record<string, unknown>).sandbox).toBe(false)
    key = (await t.key('roomy', { mode: 'test' })).key
    expect(((await check(await issue())).body.claims as Record<string, unknown>).sandbox).toBe(true)
  })

  it('reject a token whose claims were changed', async () => {
    const [header, payload, signature] = (await issue()).split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
    const forged = [header, b64({ ...claims, human: true, confidence: 1 }), signature].join('.')
    expect((await check(forged)).body).toEqual({ valid: false, reason: 'BAD_SIGNATURE' })
  })

  it('reject truncated tokens and garbage as MALFORMED', async () => {
    const token = await issue()
    expect((await check(token.slice(0, token.lastIndexOf('.')))).body).toEqual({
      valid: false,
      reason: 'MALFORMED',
    })
    expect((await check('not-a-token')).body).toEqual({ valid: false, reason: 'MALFORMED' })
  })

  it('reject alg none and HMAC tokens made with the public key (no algorithm confusion)', async () => {
    const [header, payload] = (await issue()).split('.')
    const kid = (JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string }).kid
    const none = [b64({ alg: 'none', kid, typ: 'huma-audit+jwt' }), payload, ''].join('.')
    expect((await check(none)).body).toEqual({ valid: false, reason: 'MALFORMED' })
    const jwks = (await (await t.request('/.well-known/jwks.json')).json()) as { keys: JWK[] }
    const hmac = await new SignJWT({ human: true, confidence: 1, key: 'k', action: null, uh: 'x' })
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'huma-audit+jwt' })
      .setIssuer('huma')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])))
    expect((await check(hmac)).body).toEqual({ valid: false, reason: 'MALFORMED' })
  })

  it('reject a token signed by a key this server never had', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    const stranger = await new SignJWT({ human: true, confidence: 1, key: 'k', action: null, uh: 'x' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'someone-else', typ: 'huma-audit+jwt' })
      .setIssuer('huma')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey)
    expect((await check(stranger)).body).toEqual({ valid: false, reason: 'UNKNOWN_SIGNING_KEY' })
  })

  it('reject expired tokens', async () => {
    const token = await issue()
    t.clock.now += 366 * 86_400_000
    expect((await check(token)).body).toEqual({ valid: false, reason: 'EXPIRED' })
  })

  it('answer 400 INVALID_REQUEST when the token is missing', async () => {
    const { status, body } = await check(undefined)
    expect(status).toBe(400)
    expect(body).toEqual({ error: 'INVALID_REQUEST', message: 'token is required' })
  })

  it('can be checked offline against /.well-known/jwks.json', async () => {
    const token = await issue()
    const jwks = (await (await t.request('/.well-known/jwks.json')).json()) as { keys: JWK[] }
    expect(jwks.keys[0]).not.toHaveProperty('d')
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['EdDSA'],
      currentDate: new Date(t.clock.now),
    })
    expect(payload.iss).toBe('huma')
  })

  it('stay verifiable after a restart and after the signing key is rotated', async () => {
    const before = await issue()
    await createSigningKey(t.store, t.clock.now)
    const reopened = openEmbeddedStore(t.dir)
    const restarted = createApp({ store: reopened, plans: TEST_PLANS, now: () => t.clock.now })
    expect((await check(before, undefined, restarted)).body.valid).toBe(true)
    const after = (
      (await (
        await restarted.request('/api/v1/verify', {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ userId: 'u2' }),
        })
      ).json()) as { token: string }
    ).token
    const kid = (s: string) =>
      (JSON.parse(Buffer.from(s.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid
    expect(kid(after)).not.toBe(kid(before))
    const jwks = (await (await restarted.request('/.well-known/jwks.json')).json()) as { keys: JWK[] }
    expect(jwks.keys.map((k) => k.kid)).toEqual([kid(before), kid(after)])
    await reopened.close()
  })
})
