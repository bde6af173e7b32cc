/**
 * Findings 6 and 7 of issue 15: tokens of a revoked key verified `valid: true`, a leaked signing key
 * could not be retired, and one token verified under five different strings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { COMMANDS } from '../server/cli/commands.ts'
import { isCanonicalToken } from '../server/tokens/service.ts'
import { makeTestApp, TEST_PLANS, type TestApp } from './helpers/app.ts'

let t: TestApp
let checker: string
beforeEach(async () => {
  t = await makeTestApp()
  checker = (await t.key()).key
})
afterEach(async () => {
  await t.close()
})

async function issue(key: string, userId = 'user_123'): Promise<string> {
  const res = await t.verify(key, { userId })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

async function check(token: string, userId?: string, key = checker) {
  const res = await t.request('/api/v1/tokens/verify', {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, ...(userId === undefined ? {} : { userId }) }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

/** Runs a CLI command against the test's store, as `huma <name> ...positionals` would; what it printed. */
async function huma(name: keyof typeof COMMANDS, ...positionals: string[]) {
  const printed: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((text: string) => printed.push(text) > 0) as typeof process.stdout.write
  try {
    await COMMANDS[name].run({ store: t.store, plans: TEST_PLANS, values: {}, positionals, now: t.clock.now })
  } finally {
    process.stdout.write = write
  }
  return printed.join('')
}

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid

describe('tokens of a revoked key', () => {
  it('answer key_revoked: true once the key they were issued under is revoked', async () => {
    const issuer = await t.key()
    const token = await issue(issuer.key)
    expect(await check(token)).toMatchObject({ valid: true, key_revoked: false })
    await t.store.revokeKey(issuer.id, t.clock.now)
    expect(await check(token)).toMatchObject({ valid: true, key_revoked: true })
  })
})

describe('huma signing retire', () => {
  it('stops the tokens of a retired signing key from verifying and takes it out of the JWKS', async () => {
    const old = await issue(checker)
    await huma('signing rotate')
    t.clock.now += 61_000 // running servers re-read their signing keys within a minute
    const fresh = await issue(checker)
    expect(kidOf(fresh)).not.toBe(kidOf(old))
    expect(await check(old)).toMatchObject({ valid: true })

    expect(await huma('signing retire', kidOf(old))).toContain(`Retired signing key ${kidOf(old)}`)
    t.clock.now += 61_000
    expect(await check(old)).toEqual({ valid: false, reason: 'UNKNOWN_SIGNING_KEY' })
    expect(await check(fresh)).toMatchObject({ valid: true })
    const jwks = (await (await t.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }
    expect(jwks.keys.map((k) => k.kid)).toEqual([kidOf(fresh)])
  })

  it('refuses to retire the only signing key, or one that does not exist', async () => {
    const token = await issue(checker)
    await expect(huma('signing retire', kidOf(token))).rejects.toThrow(/only signing key/)
    await expect(huma('signing retire', 'nope')).rejects.toThrow(/no signing key nope/)
    expect(await check(token)).toMatchObject({ valid: true })
  })
})

describe('only the canonical string of a token verifies', () => {
  /** The last character of a base64url part carries spare bits a decoder ignores: flip them. */
  function spareBitsSet(token: string): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const signature = token.split('.')[2]!
    const last = alphabet.indexOf(signature.at(-1)!)
    // an Ed25519 signature is 64 bytes: 86 characters, the last holding 4 bits of data and 2 spare
    return token.slice(0, -1) + alphabet[last ^ 1]!
  }

  it('refuses the five other spellings of one token as MALFORMED, and takes the token itself', async () => {
    const token = await issue(checker)
    expect(isCanonicalToken(token)).toBe(true)
    const spellings = {
      'spare bits of the last character set': spareBitsSet(token),
      'base64 padding': `${token}==`,
      'whitespace inside': token.replace('.', '. '),
      'a line break inside': token.replace('.', '.\n'),
      'a trailing newline': `${token}\n`,
    }
    for (const [what, spelling] of Object.entries(spellings)) {
      expect(spelling, what).not.toBe(token)
      expect(await check(spelling), what).toEqual({ valid: false, reason: 'MALFORMED' })
    }
    expect(await check(token)).toMatchObject({ valid: true })
  })

  it('would take the spare-bits spelling without the check: the decoder reads the same signature', async () => {
    const token = await issue(checker)
    const other = spareBitsSet(token)
    expect(Buffer.from(other.split('.')[2]!, 'base64url')).toEqual(
      Buffer.from(token.split('.')[2]!, 'base64url'),
    )
  })
})
