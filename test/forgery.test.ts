/**
 * Forgery, beyond test/tokens.test.ts: no edited, truncated, re-signed, mis-typed or algorithm-swapped
 * audit token verifies, and API keys give nothing away, whether by answer or by time.
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto'
import fc from 'fast-check'
import {
  base64url,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTHeaderParameters,
} from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { fuzzTarget, interleavedMedians } from './helpers/hostile.ts'

const fuzz = fuzzTarget('forgery')
const counted = fuzz.counted

let token: string
let kid: string
beforeAll(async () => {
  const res = await fuzz.t.verify(fuzz.key, { userId: 'user_forgery', action: 'login' })
  token = ((await res.json()) as { token: string }).token
  kid = headerOf(token).kid as string
})

const headerOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as JWTHeaderParameters
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
const b64 = (value: object) => base64url.encode(JSON.stringify(value))

async function check(candidate: string, name: string) {
  const res = await fuzz.t.request('/api/v1/tokens/verify', {
    method: 'POST',
    headers: { Authorization: `Bearer ${fuzz.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: candidate, userId: 'user_forgery' }),
  })
  counted.add(name)
  expect(res.status).toBeLessThan(500)
  return {
    status: res.status,
    body: (await res.json()) as { valid?: boolean; reason?: string; error?: string },
  }
}

async function expectRejected(candidate: string, name: string, reason?: string) {
  const { status, body } = await check(candidate, name)
  expect(status, JSON.stringify(body)).toBe(200)
  expect(body.valid, candidate).toBe(false)
  if (reason) expect(body.reason).toBe(reason)
}

/** The server's own signing key, as an attacker who stole nothing would NOT have it: for shape tests only. */
async function serverKey() {
  const [record] = await fuzz.t.store.signingKeys()
  return importJWK(JSON.parse(record!.privateJwk) as JWK, 'EdDSA')
}

/** Signs any header and payload with the server's key, bypassing jose's own checks of what it signs. */
async function signRaw(header: object, payload: object): Promise<string> {
  const [record] = await fuzz.t.store.signingKeys()
  const privateKey = createPrivateKey({
    key: JSON.parse(record!.privateJwk) as JWK & { kty: string },
    format: 'jwk',
  })
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`
}

const claims = () => ({ human: true, confidence: 1, key: 'key_x', action: null, uh: 'x' })
const jwt = (header: JWTHeaderParameters, body: Record<string, unknown> = claims()) =>
  new SignJWT(body)
    .setProtectedHeader(header)
    .setIssuer('huma')
    .setIssuedAt(Math.floor(fuzz.t.clock.now / 1000))
    .setExpirationTime(Math.floor(fuzz.t.clock.now / 1000) + 3600)

describe('audit token forgery', () => {
  it('starts from a token that verifies', async () => {
    expect((await check(token, 'genuine')).body.valid).toBe(true)
  })

  it('rejects a token with any one character of its header, payload or signature changed', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const parts = token.split('.')
    await fc.assert(
      fc.asyncProperty(fc.nat(2), fc.nat(10_000), fc.constantFrom(...alphabet), async (part, at, char) => {
        const target = parts[part]!
        const i = at % target.length
        fc.pre(target[i] !== char)
        const edited = [...parts]
        edited[part] = target.slice(0, i) + char + target.slice(i + 1)
        const { body } = await check(edited.join('.'), 'one character changed')
        // Only the canonical string verifies: even an edit of the signature's last character that leaves its
        // decoded bytes as they were (4 spare bits) is refused.
        expect(body.valid).toBe(false)
      }),
      { numRuns: 400 },
    )
  })

  it('rejects a token cut at any length', async () => {
    for (let end = 0; end < token.length; end += 2) {
      const { status, body } = await check(token.slice(0, end), 'truncated')
      // An empty token is not a token at all: the request itself is invalid.
      if (end === 0) expect(body.error).toBe('INVALID_REQUEST')
      else expect(status === 200 && body.valid === false).toBe(true)
    }
  })

  it('rejects the same claims re-signed with another Ed25519 key under the real kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    const { kty, crv, x } = await exportJWK(publicKey)
    const resigned = await jwt({ alg: 'EdDSA', kid, typ: 'huma-audit+jwt' }, claimsOf(token)).sign(privateKey)
    await expectRejected(resigned, 're-signed', 'BAD_SIGNATURE')
    // Even with the attacker's public key embedded in the header: the server uses only its own keys.
    const embedded = await jwt({
      alg: 'EdDSA',
      kid,
      typ: 'huma-audit+jwt',
      jwk: { kty: kty!, crv: crv!, x: x! },
    }).sign(privateKey)
    await expectRejected(embedded, 're-signed', 'BAD_SIGNATURE')
    const jku = await jwt({
      alg: 'EdDSA',
      kid,
      typ: 'huma-audit+jwt',
      jku: 'https://attacker.example/jwks.json',
    }).sign(privateKey)
    await expectRejected(jku, 're-signed', 'BAD_SIGNATURE')
  })

  it('rejects HS256 keyed with the public key in every form, and RS256 and ES256 under the real kid', async () => {
    const jwks = (await (await fuzz.t.request('/.well-known/jwks.json')).json()) as { keys: JWK[] }
    const pub = jwks.keys.find((k) => k.kid === kid)!
    const secrets = [Buffer.from(pub.x!, 'base64url'), Buffer.from(pub.x!), Buffer.from(JSON.stringify(pub))]
    for (const secret of secrets) {
      await expectRejected(
        await jwt({ alg: 'HS256', kid, typ: 'huma-audit+jwt' }).sign(secret),
        'alg confusion',
        'MALFORMED',
      )
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    await expectRejected(
      await jwt({ alg: 'RS256', kid, typ: 'huma-audit+jwt' }).sign(rsa),
      'alg confusion',
      'MALFORMED',
    )
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    await expectRejected(
      await jwt({ alg: 'ES256', kid, typ: 'huma-audit+jwt' }).sign(ec),
      'alg confusion',
      'MALFORMED',
    )
    const [, payload, signature] = token.split('.')
    for (const alg of ['none', 'None', 'NONE', 'eddsa', 'EdDSA ', '']) {
      const swapped = b64({ ...headerOf(token), alg })
      await expectRejected([swapped, payload, ''].join('.'), 'alg confusion')
      await expectRejected([swapped, payload, signature].join('.'), 'alg confusion')
    }
  })

  it('rejects tokens signed by the real key whose header is not a Huma token header', async () => {
    // Signed with the server's own key, so only the header check can refuse them.
    const real = await serverKey()
    const headers: JWTHeaderParameters[] = [
      { alg: 'EdDSA', kid },
      { alg: 'EdDSA', kid, typ: 'JWT' },
    ]
    for (const header of headers) await expectRejected(await jwt(header).sign(real), 'header confusion')
    const now = Math.floor(fuzz.t.clock.now / 1000)
    const body = { ...claims(), iss: 'huma', iat: now, exp: now + 60 }
    expect(
      (await check(await signRaw({ alg: 'EdDSA', kid, typ: 'huma-audit+jwt' }, body), 'header confusion'))
        .body.valid,
    ).toBe(true)
    await expectRejected(
      await signRaw({ alg: 'EdDSA', kid, typ: 'huma-audit+jwt', crit: ['exp'] }, body),
      'header confusion',
    )
    await expectRejected(
      await signRaw({ alg: 'EdDSA', kid, typ: 'huma-audit+jwt', b64: false, crit: ['b64'] }, body),
      'header confusion',
    )
    await expectRejected(
      await jwt({ alg: 'EdDSA', typ: 'huma-audit+jwt' }).sign(real),
      'kid confusion',
      'UNKNOWN_SIGNING_KEY',
    )
    for (const other of ['nothing', '', '../../etc/passwd', kid.toUpperCase(), `${kid} `]) {
      await expectRejected(
        await jwt({ alg: 'EdDSA', kid: other, typ: 'huma-audit+jwt' }).sign(real),
        'kid confusion',
        'UNKNOWN_SIGNING_KEY',
      )
    }
  })

  it('rejects tokens signed by the real key with missing, mistyped or absurd claims, never with a 5xx', async () => {
    const real = await serverKey()
    const header = { alg: 'EdDSA', kid, typ: 'huma-audit+jwt' }
    const now = Math.floor(fuzz.t.clock.now / 1000)
    const bad: Record<string, unknown>[] = [
      { ...claims(), human: 'true' },
      { ...claims(), confidence: '1' },
      { ...claims(), uh: undefined },
      { ...claims(), key: 7 },
      { ...claims(), action: ['a'] },
    ]
    for (const body of bad)
      await expectRejected(await jwt(header, body).sign(real), 'bad claims', 'MALFORMED')
    const raw = (body: Record<string, unknown>) => new SignJWT(body).setProtectedHeader(header).sign(real)
    await expectRejected(await raw({ ...claims(), iss: 'huma' }), 'bad claims') // no iat, no exp
    await expectRejected(await raw({ ...claims(), iss: 'huma', iat: now }), 'bad claims') // no exp
    await expectRejected(await raw({ ...claims(), iss: 'someone', iat: now, exp: now + 60 }), 'bad claims')
    await expectRejected(
      await raw({ ...claims(), iss: 'huma', iat: now, exp: now - 1 }),
      'bad claims',
      'EXPIRED',
    )
    await expectRejected(await raw({ ...claims(), iss: 'huma', iat: now, exp: 1e300 }), 'bad claims')
    await expectRejected(await raw({ ...claims(), iss: 'huma', iat: -1e300, exp: now + 60 }), 'bad claims')
    await expectRejected(
      await raw({ ...claims(), iss: 'huma', iat: now, exp: now + 60, nbf: now + 3600 }),
      'bad claims',
    )
  })

  it('rejects random three-part strings and answers a huge token with 400, never a 5xx', async () => {
    const segment = fc.oneof(
      fc.base64String({ maxLength: 120 }).map((s) => s.replace(/=/g, '')),
      fc.string({ maxLength: 60 }),
    )
    await fc.assert(
      fc.asyncProperty(segment, segment, segment, async (a, b, c) => {
        const { status, body } = await check([a, b, c].join('.'), 'random tokens')
        if (status === 200) expect(body.valid).toBe(false)
        else expect(body.error).toBe('INVALID_REQUEST')
      }),
      { numRuns: 300 },
    )
    const huge = `${b64({ alg: 'EdDSA', kid, typ: 'huma-audit+jwt' })}.${'A'.repeat(4000)}.${'B'.repeat(86)}`
    const { status, body } = await check(huge, 'huge tokens')
    expect(status).toBe(400)
    expect(body.error).toBe('INVALID_REQUEST')
    await expectRejected(huge.slice(0, 4096), 'huge tokens')
  })
})

describe('API key guessing', () => {
  const attempt = async (candidate: string) =>
    fuzz.t.request('/api/v1/verify', {
      method: 'POST',
      headers: { Authorization: `Bearer ${candidate}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'u' }),
    })
  const answer = async (candidate: string) => {
    const res = await attempt(candidate)
    counted.add('near-miss keys')
    return { status: res.status, body: await res.json(), headers: [...res.headers.keys()].sort() }
  }
  const unknownKey = () => `huma_live_${'Z'.repeat(32)}`
  const swap = (c: string) =>
    c === 'a'
      ? 'b'
      : c === 'Z'
        ? 'Y'
        : c === '9'
          ? '8'
          : /[a-z]/.test(c)
            ? c.toUpperCase()
            : c === '_'
              ? '-'
              : 'a'

  it('rejects a key one character off anywhere in its body as unknown, in the same words as any unknown key', async () => {
    const { key } = fuzz
    const unknown = await answer(unknownKey())
    expect(unknown.body).toEqual({ error: 'INVALID_API_KEY', message: 'the API key is unknown or revoked' })
    const body = key.slice('huma_live_'.length)
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!
      // the next base62 character, and the same letter in the other case
      const others = new Set([
        c === 'z' ? '0' : c === '9' ? 'A' : c === 'Z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1),
      ])
      if (/[A-Za-z]/.test(c)) others.add(c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())
      for (const other of others) {
        const near = `huma_live_${body.slice(0, i)}${other}${body.slice(i + 1)}`
        expect(await answer(near)).toEqual(unknown)
      }
    }
    // the other mode with the same body is another key, and an unknown one
    expect(await answer(`huma_test_${body}`)).toEqual(unknown)
  })

  it('answers any Authorization header, long ones included, with 401 and a known code', async () => {
    const codes = ['MISSING_AUTH', 'INVALID_API_KEY_FORMAT', 'INVALID_API_KEY']
    const header = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'Bearer huma_live_test ABCxyz019\t!'.split('')), maxLength: 80 }),
      fc.string({ maxLength: 80 }).map((s) => `Bearer ${s}`),
      fc.nat(32).map((n) => `Bearer huma_live_${'a'.repeat(n)}`),
    )
    await fc.assert(
      fc.asyncProperty(header, async (value) => {
        let headers: Headers
        try {
          headers = new Headers({ Authorization: value })
        } catch {
          return // not a header a client could send
        }
        headers.set('Content-Type', 'application/json')
        const res = await fuzz.t.request('/api/v1/verify', {
          method: 'POST',
          headers,
          body: '{"userId":"u"}',
        })
        counted.add('any Authorization header')
        expect(res.status).toBe(401)
        expect(codes).toContain(((await res.json()) as { error: string }).error)
      }),
      { numRuns: 500 },
    )
    // near the 16 KB header limit, shaped to make a backtracking matcher work hard
    for (const value of [
      `Bearer ${'a'.repeat(15_000)} x`,
      `Bearer ${' '.repeat(15_000)}x y`,
      `Bearer a${' \t'.repeat(7_000)}x`,
    ]) {
      const res = await fuzz.t.request('/api/v1/verify', {
        method: 'POST',
        headers: { Authorization: value },
        body: '{}',
      })
      counted.add('any Authorization header')
      expect(((await res.json()) as { error: string }).error).toBe('INVALID_API_KEY_FORMAT')
    }
  })

  it('rejects a key one character off in its prefix, or one character short or long, as malformed', async () => {
    const { key } = fuzz
    for (let i = 0; i < 'huma_live_'.length; i++) {
      const near = key.slice(0, i) + swap(key[i]!) + key.slice(i + 1)
      expect(near).not.toBe(key)
      const { status, body } = await answer(near)
      expect(status).toBe(401)
      expect((body as { error: string }).error, near).toBe('INVALID_API_KEY_FORMAT')
    }
    for (const near of [key.slice(0, -1), `${key}a`, `${key}!`, ` ${key}x`]) {
      expect(((await answer(near)).body as { error: string }).error).toBe('INVALID_API_KEY_FORMAT')
    }
  })

  it('answers a revoked key exactly as a key that never existed: status, code, message and headers', async () => {
    const { key: doomed, id } = await fuzz.t.key('roomy')
    expect((await attempt(doomed)).status).toBe(200)
    await fuzz.t.store.revokeKey(id, fuzz.t.clock.now)
    expect(await answer(doomed)).toEqual(await answer(unknownKey()))
  })

  it('takes as long to reject a near-miss key as a random one (lookups are by SHA-256 of the whole key)', async () => {
    const { key } = fuzz
    const near = key.slice(0, -1) + swap(key[key.length - 1]!)
    let i = 0
    const random = () => `huma_live_${(i++).toString(36).padStart(32, 'q')}`
    const ms = await interleavedMedians(
      300,
      () => attempt(random()),
      () => attempt(near),
    )
    counted.add('timed key rejections', 600)
    console.log(`reject near-miss key: median ${ms.task.toFixed(3)} ms, random key: ${ms.base.toFixed(3)} ms`)
    expect(ms.task / ms.base).toBeGreaterThan(0.5)
    expect(ms.task / ms.base).toBeLessThan(2)
  })
})
