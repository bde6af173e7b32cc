/**
 * Scoped keys over real HTTP: each route group refuses a key without its scope (403 SCOPE_NOT_ALLOWED)
 * and a browser Origin the key does not allow (403 ORIGIN_NOT_ALLOWED), each in its own failure shape,
 * lets the allowed ones through, and never charges a refused call to the burst window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WEBHOOK_ADMIN_PATHS } from '../shared/contracts/verifyyou.ts'
import type { Scope } from '../shared/keys.ts'
import { makeIdvApp, submitForm, type IdvTestApp } from './helpers/idv.ts'

let t: IdvTestApp
beforeAll(async () => {
  t = await makeIdvApp()
})
afterAll(async () => t.close())

const SHOP = 'https://shop.example'

interface Group {
  name: string
  scope: Scope
  /** a call that passes auth with a good key */
  call(key: string, origin?: string): Promise<Response>
  /** what a passing call answers */
  passes(res: Response): Promise<void>
  /** the refusal's code, read from the group's own failure shape */
  codeOf(body: unknown): unknown
}

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  t.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
const withOrigin = (origin: string | undefined): Record<string, string> =>
  origin === undefined ? {} : { Origin: origin }
const huma = (body: unknown) => (body as { error?: unknown }).error
const verifyYou = (body: unknown) => {
  const b = body as { status?: unknown; failure_code?: unknown }
  expect(b.status).toBe('failure')
  return b.failure_code
}

const GROUPS: Group[] = [
  {
    name: 'verify (/api/v1/*)',
    scope: 'verify',
    call: (key, origin) =>
      t.request('/api/v1/limits', { headers: { Authorization: `Bearer ${key}`, ...withOrigin(origin) } }),
    async passes(res) {
      expect(res.status).toBe(200)
      expect(await res.json()).toHaveProperty('plan')
    },
    codeOf: huma,
  },
  {
    name: 'the hosted check (/v1/business_connect_user/*)',
    scope: 'hosted',
    call: (key, origin) =>
      post(
        '/v1/business_connect_user/get_status',
        { reference_user_id: 'nobody' },
        { 'API-KEY': key, ...withOrigin(origin) },
      ),
    async passes(res) {
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ status: 'failure', failure_code: 'DOES_NOT_EXIST' })
    },
    codeOf: verifyYou,
  },
  {
    name: 'the webhook admin routes (/v1/webhook/admin/*)',
    scope: 'webhooks',
    call: (key, origin) =>
      post(WEBHOOK_ADMIN_PATHS.list, {}, { Authorization: `Bearer ${key}`, ...withOrigin(origin) }),
    async passes(res) {
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ status: 'success', webhooks: [] })
    },
    codeOf: verifyYou,
  },
  {
    name: "POY Verify's verify (/v1/verify)",
    scope: 'verify',
    call: (key, origin) =>
      post('/v1/verify', { user_id: 'user-7' }, { Authorization: `Bearer ${key}`, ...withOrigin(origin) }),
    async passes(res) {
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ verified: false, reason: 'no_enrollment' })
    },
    codeOf: huma,
  },
  {
    name: 'trust scores (/v1/trust/{user_id})',
    scope: 'trust',
    call: (key, origin) =>
      t.request('/v1/trust/user-7', { headers: { Authorization: `Bearer ${key}`, ...withOrigin(origin) } }),
    async passes(res) {
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: 'NOT_FOUND' })
    },
    codeOf: huma,
  },
  {
    name: 'content stamps (/v1/stamp/*)',
    scope: 'stamp',
    call: (key, origin) =>
      post(
        '/v1/stamp/check',
        { content_hash: 'a'.repeat(64), signature: 'a.b.c' },
        { Authorization: `Bearer ${key}`, ...withOrigin(origin) },
      ),
    async passes(res) {
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ verified: false })
    },
    codeOf: huma,
  },
  {
    name: 'identity checks (/verif/sessions)',
    scope: 'hosted',
    call: (key, origin) =>
      post(
        '/verif/sessions',
        { user_identifier: 'user-7' },
        { Authorization: `Bearer ${key}`, ...withOrigin(origin) },
      ),
    async passes(res) {
      expect(res.status).toBe(200)
      expect(await res.json()).toHaveProperty('url')
    },
    codeOf: huma,
  },
  {
    name: 'identity checks as they stand (/verif/checks/{check_id})',
    scope: 'hosted',
    call: (key, origin) =>
      t.request('/verif/checks/chk_none', {
        headers: { Authorization: `Bearer ${key}`, ...withOrigin(origin) },
      }),
    async passes(res) {
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: 'NOT_FOUND' })
    },
    codeOf: huma,
  },
]

describe.each(GROUPS)('$name', (group) => {
  it(`answers 403 SCOPE_NOT_ALLOWED to a key without the ${group.scope} scope, naming it`, async () => {
    const others = (['verify', 'hosted', 'stamp', 'trust', 'webhooks'] as const).filter(
      (s) => s !== group.scope,
    )
    const { key } = await t.key('roomy', { scopes: others })
    const res = await group.call(key)
    expect(res.status).toBe(403)
    const body = await res.json()
    expect(group.codeOf(body)).toBe('SCOPE_NOT_ALLOWED')
    expect(JSON.stringify(body)).toContain(`lacks the ${group.scope} scope`)
  })

  it(`lets a key with only the ${group.scope} scope through`, async () => {
    const { key } = await t.key('roomy', { scopes: [group.scope] })
    await group.passes(await group.call(key))
  })

  it('answers 403 ORIGIN_NOT_ALLOWED to a browser Origin the key does not allow', async () => {
    const { key } = await t.key('roomy', { allowedOrigins: [SHOP] })
    for (const origin of ['https://evil.example', 'null', `${SHOP}:8443`, 'http://shop.example']) {
      const res = await group.call(key, origin)
      expect(res.status, origin).toBe(403)
      expect(group.codeOf(await res.json())).toBe('ORIGIN_NOT_ALLOWED')
    }
  })

  it("lets the key's own origins through, and calls without an Origin header (servers)", async () => {
    const { key } = await t.key('roomy', { allowedOrigins: ['https://other.example', SHOP] })
    await group.passes(await group.call(key, SHOP))
    await group.passes(await group.call(key))
  })

  it('lets any origin through when the key allows every origin (none set)', async () => {
    const { key } = await t.key('roomy')
    await group.passes(await group.call(key, 'https://anywhere.example'))
  })

  it('refuses before the burst window: refused calls cost the key none of its minute', async () => {
    const { key, id } = await t.key('tiny', { allowedOrigins: [SHOP] })
    for (let i = 0; i < 8; i++) expect((await group.call(key, 'https://evil.example')).status).toBe(403)
    await t.store.setScopes(id, group.scope === 'verify' ? ['hosted'] : ['verify'])
    for (let i = 0; i < 8; i++) expect((await group.call(key)).status).toBe(403)
    await t.store.setScopes(id, [group.scope])
    const res = await group.call(key, SHOP)
    await group.passes(res)
    expect(res.headers.get('X-RateLimit-Limit')).toBe('5')
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('4')
  })
})

describe('keys and the admin scope', () => {
  it('gives new keys every scope but admin', async () => {
    const { id } = await t.key()
    expect((await t.store.findKeyById(id))?.scopes).toEqual([
      'verify',
      'hosted',
      'stamp',
      'trust',
      'webhooks',
    ])
  })

  it('applies a scope change to the very next call', async () => {
    const { key, id } = await t.key()
    expect((await GROUPS[0]!.call(key)).status).toBe(200)
    await t.store.setScopes(id, ['stamp'])
    expect((await GROUPS[0]!.call(key)).status).toBe(403)
    await t.store.setScopes(id, ['verify'])
    expect((await GROUPS[0]!.call(key)).status).toBe(200)
  })

  it('refuses the same way through app.request(), without a socket', async () => {
    const { key } = await t.key('roomy', { scopes: ['verify'], allowedOrigins: [SHOP] })
    const call = (origin: string) =>
      t.app.request('/api/v1/limits', { headers: { Authorization: `Bearer ${key}`, Origin: origin } })
    expect(await (await call('https://evil.example')).json()).toMatchObject({ error: 'ORIGIN_NOT_ALLOWED' })
    expect((await call(SHOP)).status).toBe(200)
  })

  it('checks POST /api/v1/verify itself, not only the limits route', async () => {
    const { key } = await t.key('roomy', { scopes: ['hosted'] })
    const res = await t.verify(key, { userId: 'u1' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'SCOPE_NOT_ALLOWED' })
  })
})

describe('the identity check form (api_key in the form, the original way)', () => {
  it('answers 403 SCOPE_NOT_ALLOWED to a key without the hosted scope', async () => {
    const { key } = await t.key('roomy', { scopes: ['verify'] })
    const res = await t.request('/verif/submit', {
      method: 'POST',
      body: submitForm({ api_key: key, user_identifier: 'user-7' }),
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'SCOPE_NOT_ALLOWED' })
    const page = await t.request(`/verif/?api_key=${key}&user_identifier=u1`)
    expect(page.status).toBe(401)
  })
})
