/**
 * The dashboard (issue 21) in real Chromium over real HTTP: log in, create a key and use it, see the call
 * in usage, revoke it and see verify answer 401, rotate a signing key, read the audit log; logged-out,
 * wrong-token and cross-site access refused; axe-core on every page; screenshots at desktop and phone
 * widths (kept in HUMA_SCREENSHOTS when set). Needs /usr/bin/chromium; skipped loudly without it, unless
 * HUMA_REQUIRE_BROWSER=1.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHostedStore } from '../server/hosted/store/index.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { wanderingPointer } from './helpers/traces.ts'
import { expectAccessible, shootWidths } from './helpers/page-checks.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'

const CHROMIUM = '/usr/bin/chromium'
const TOKEN = 'operator-token-for-the-dashboard-test-0123456789'
const available = existsSync(CHROMIUM)
if (!available) {
  const message = `\n*** ${CHROMIUM} is missing: the dashboard browser test is SKIPPED (apt-get install chromium) ***\n`
  if (process.env.HUMA_REQUIRE_BROWSER === '1') throw new Error(message)
  console.warn(message)
}

describe.skipIf(!available)('the dashboard in real Chromium', () => {
  let t: TestApp
  let server: ServerType
  let browser: Browser
  let page: Page
  let base = ''

  let webhooks: Webhooks
  /** a customer's webhook receiver: answers what `answer` says, and keeps each delivery's webhook-id */
  const received: string[] = []
  let answer = 503
  let receiverUrl = ''
  const receiver = createServer((req, res) => {
    received.push(String(req.headers['webhook-id']))
    req.resume()
    res.writeHead(answer).end()
  })

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-admin-'))
    const store = openEmbeddedStore(dir)
    // development mode: the receiver listens on loopback
    webhooks = createWebhooks({ store, devMode: true })
    // every user counts as enrolled and just verified, so the key can make a content stamp
    const standingOf = async () => ({
      enrolled: true,
      enrolledSince: Date.now(),
      lastVerified: Date.now(),
      trustScore: 90,
    })
    t = await makeTestApp({ store, webhooks, now: Date.now, admin: { token: TOKEN }, standingOf })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`
        resolve()
      })
    })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    await new Promise((resolve) => receiver.close(resolve))
    await t?.close()
  })

  const accessible = (name: string) => expectAccessible(page, name)
  const shoot = (name: string) => shootWidths(page, name)

  const verify = (key: string) =>
    fetch(`${base}/api/v1/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ userId: 'user_1', signals: wanderingPointer(1) }),
    })

  it('sends a visitor without a session to the login form, and refuses a wrong token', async () => {
    await page.goto(`${base}/admin/usage`)
    expect(new URL(page.url()).pathname).toBe('/admin/login')
    await accessible('login')
    await shoot('login')
    await page.fill('#token', 'not-the-operator-token-but-long-enough-to-try')
    const [wrong] = await Promise.all([
      page.waitForResponse(`${base}/admin/login`),
      page.click('button[type=submit]'),
    ])
    expect(wrong.status()).toBe(401)
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('not an operator token')
  })

  let keyId = ''
  let key = ''
  it('logs in, creates a key shown once with a copy button, and the key verifies', async () => {
    await page.fill('#token', TOKEN)
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')])
    const cookie = (await page.context().cookies()).find((c) => c.name === '__Host-huma_admin')
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
    await accessible('keys')
    await page.fill('#name', 'acme')
    await page.selectOption('#plan', 'roomy')
    await Promise.all([page.waitForResponse(`${base}/admin/keys`), page.click('text=Create key')])
    key = (await page.locator('#new-key').textContent()) ?? ''
    expect(key).toMatch(/^huma_live_/)
    expect(await page.locator('[data-copy]').getAttribute('data-copy')).toBe(key)
    keyId = (await page.locator('.created h2').textContent())!.match(/key_\w+/)![0]
    await accessible('key created')
    await shoot('keys')
    expect((await verify(key)).status).toBe(200)
    // shown once: the list never holds it again
    await page.goto(`${base}/admin`)
    expect(await page.content()).not.toContain(key)
  })

  it('shows the call and a stamp in the usage table and chart, and the burst headroom left this minute', async () => {
    const stamped = await fetch(`${base}/v1/stamp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content_hash: 'ab'.repeat(32), user_id: 'user_8412', type: 'text' }),
    })
    expect(stamped.status).toBe(200)
    await page.goto(`${base}/admin/usage`)
    const row = page.locator('tr', { hasText: keyId })
    await expect(row.locator('td[data-label=Used]').textContent()).resolves.toBe('1')
    // the plan (roomy) names no stamps a month: POY's free tier's 50
    await expect(row.locator('td[data-label=Stamps]').textContent()).resolves.toBe('1 of 50')
    // the burst window, peeked at: the call and the stamp took two of the plan's 1,000 a minute, the page none
    for (let i = 0; i < 2; i++) {
      await page.reload()
      await expect(row.locator('td[data-label="Burst headroom"]').textContent()).resolves.toMatch(
        /^998 of 1000 a minute free \(a slot frees in \d+ s\)$/,
      )
    }
    expect(await page.locator('svg.chart desc').textContent()).toMatch(/: 1$/)
    await accessible('usage')
    await shoot('usage')
  })

  it('charts the call among the verdicts of its key: a day, a confidence tenth, its reasons and action', async () => {
    await page.goto(`${base}/admin/verdicts?key=${keyId}`)
    const main = (await page.locator('main').textContent()) ?? ''
    expect(main).toMatch(/30 days \(UTC\):\s+1\s+answer\./)
    const descs = await page.locator('svg.chart desc').allTextContents()
    expect(descs).toHaveLength(3)
    // one answer in one confidence tenth, and each of its reasons once
    expect(descs[1]!.match(/: 1(,|$)/g)).toHaveLength(1)
    expect(descs[2]).toMatch(/: 1/)
    await expect(page.locator('td[data-label=Action]').allTextContents()).resolves.toEqual(['(none)'])
    await accessible('verdicts')
    await shoot('verdicts')
  })

  it('shows the webhook delivery log, redelivers a failed delivery with the same id, and rotates the secret', async () => {
    const configured = await fetch(`${base}/v1/webhook/admin/config/create_or_edit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'API-KEY': key },
      body: JSON.stringify({ webhook_type: 'USER_VERIFICATION_COMPLETED', destination_url: receiverUrl }),
    })
    expect(configured.status).toBe(200)
    const id = await webhooks.outbox.enqueue('USER_VERIFICATION_COMPLETED', keyId, {
      user_id: 'bcu_1',
      reference_user_id: 'user_123',
      has_connection: true,
    })
    await webhooks.worker.runOnce()
    await page.goto(`${base}/admin/webhooks?key=${keyId}`)
    const row = page.locator('tr', { hasText: id })
    await expect(row.locator('td[data-label=Status]').textContent()).resolves.toBe('pending')
    await expect(row.locator('td[data-label="Last error"]').textContent()).resolves.toBe('answered 503')
    await accessible('webhooks')
    await shoot('webhooks')
    answer = 204
    // the page is already at /admin/webhooks?key=: wait for the redirect's page itself, not the URL
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'GET' && r.url().startsWith(`${base}/admin/webhooks?key=`),
      ),
      row.locator('button', { hasText: 'Redeliver' }).click(),
    ])
    await page.waitForLoadState('load')
    await webhooks.worker.runOnce()
    await page.reload()
    await expect(row.locator('td[data-label=Status]').textContent()).resolves.toBe('delivered')
    expect(received).toEqual([id, id])
    await Promise.all([
      page.waitForResponse(`${base}/admin/webhooks/rotate`),
      page.locator('button', { hasText: 'Rotate secret' }).click(),
    ])
    expect(await page.locator('#new-secret').textContent()).toMatch(/^whsec_/)
  })

  it("sets the hosted check's theme and redirect origins for a key, refusing what the page cannot use", async () => {
    await page.goto(`${base}/admin/hosted?key=${keyId}`)
    await page.fill('#theme-name', 'Acme')
    await page.fill('#theme-logo', 'https://cdn.example.com/logo.png')
    await Promise.all([page.waitForResponse(`${base}/admin/hosted/theme`), page.click('text=Save theme')])
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain(
      'loads nothing from other origins',
    )
    await page.fill('#theme-logo', '/assets/logo.png')
    await page.fill('#theme-accent', '#aa3300')
    await Promise.all([page.waitForResponse(`${base}/admin/hosted/theme`), page.click('text=Save theme')])
    await page.fill('#origins', 'https://shop.example.com\nhttp://127.0.0.1:3000')
    await Promise.all([page.waitForResponse(`${base}/admin/hosted/origins`), page.click('text=Save origins')])
    expect(await openHostedStore(t.store).keySettings(keyId)).toEqual({
      name: 'Acme',
      logoUrl: '/assets/logo.png',
      accent: '#aa3300',
      redirectOrigins: ['https://shop.example.com', 'http://127.0.0.1:3000'],
    })
    await page.fill('#origins', 'http://shop.example.com')
    await Promise.all([page.waitForResponse(`${base}/admin/hosted/origins`), page.click('text=Save origins')])
    await expect(page.locator('[role=alert]').textContent()).resolves.toMatch(/https/)
    await accessible('hosted')
    await shoot('hosted')
  })

  it("changes a key's scopes and origins, after which verify answers 403, and refuses a bad origin naming it", async () => {
    await page.goto(`${base}/admin`)
    const row = () => page.locator('tr', { hasText: keyId })
    const save = () =>
      Promise.all([
        page.waitForResponse(`${base}/admin/keys/${keyId}/access`),
        row().locator('button', { hasText: 'Save scopes and origins' }).click(),
      ])
    await row().locator('summary').click()
    await accessible('keys with the scopes form open')
    await shoot('keys-access')
    await page.uncheck(`#${keyId}-scope-verify`)
    await save()
    await page.waitForURL(`${base}/admin`)
    await expect(row().locator('td[data-label=Scopes]').textContent()).resolves.toBe(
      'hosted, stamp, trust, webhooks',
    )
    const refused = await verify(key)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ error: 'SCOPE_NOT_ALLOWED' })

    await row().locator('summary').click()
    await page.check(`#${keyId}-scope-verify`)
    await page.fill(`#${keyId}-origins`, 'https://shop.example/checkout')
    const [bad] = await save()
    expect(bad.status()).toBe(400)
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain(
      '"https://shop.example/checkout" must be an origin only',
    )
    expect((await t.store.findKeyById(keyId))?.scopes).not.toContain('verify')

    await page.goto(`${base}/admin`)
    await row().locator('summary').click()
    await page.check(`#${keyId}-scope-verify`)
    await page.fill(`#${keyId}-origins`, 'https://shop.example\nhttps://admin.shop.example:8443')
    await save()
    await page.waitForURL(`${base}/admin`)
    await expect(row().locator('td[data-label=Origins]').textContent()).resolves.toBe(
      'https://shop.example https://admin.shop.example:8443',
    )
    const fromPage = (origin: string) =>
      fetch(`${base}/api/v1/limits`, { headers: { Authorization: `Bearer ${key}`, Origin: origin } })
    expect(await (await fromPage('https://evil.example')).json()).toMatchObject({
      error: 'ORIGIN_NOT_ALLOWED',
    })
    expect((await fromPage('https://shop.example')).status).toBe(200)
    expect((await verify(key)).status).toBe(200) // a server's call: no Origin header

    // and back to any origin
    await row().locator('summary').click()
    await page.fill(`#${keyId}-origins`, '')
    await save()
    expect((await t.store.findKeyById(keyId))?.allowedOrigins).toEqual([])
  })

  it('creates a key with the scopes and origins given', async () => {
    await page.goto(`${base}/admin`)
    await page.fill('#name', 'stamps only')
    await page.selectOption('#plan', 'roomy')
    for (const s of ['verify', 'hosted', 'trust', 'webhooks']) await page.uncheck(`#new-scope-${s}`)
    await page.fill('#new-origins', 'https://blog.example')
    await Promise.all([page.waitForResponse(`${base}/admin/keys`), page.click('text=Create key')])
    const created = (await page.locator('#new-key').textContent()) ?? ''
    const id = (await page.locator('.created h2').textContent())!.match(/key_\w+/)![0]
    expect(await t.store.findKeyById(id)).toMatchObject({
      name: 'stamps only',
      scopes: ['stamp'],
      allowedOrigins: ['https://blog.example'],
    })
    expect(await (await verify(created)).json()).toMatchObject({ error: 'SCOPE_NOT_ALLOWED' })
    await page.goto(`${base}/admin`)
    for (const s of ['verify', 'hosted', 'stamp', 'trust', 'webhooks', 'admin'])
      await page.uncheck(`#new-scope-${s}`)
    await Promise.all([page.waitForResponse(`${base}/admin/keys`), page.click('text=Create key')])
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('at least one scope')
  })

  it('revokes the key, after which verify answers 401', async () => {
    await page.goto(`${base}/admin`)
    await Promise.all([
      page.waitForURL(`${base}/admin`),
      page.locator('tr', { hasText: keyId }).locator('button', { hasText: 'Revoke' }).click(),
    ])
    await expect(
      page.locator('tr', { hasText: keyId }).locator('td[data-label=Status]').textContent(),
    ).resolves.toBe('revoked')
    expect((await verify(key)).status).toBe(401)
  })

  it('rotates the signing key and lists what each key does', async () => {
    expect((await verify((await t.key()).key)).status).toBe(200) // the first token makes the first key
    await page.goto(`${base}/admin/signing`)
    await Promise.all([page.waitForURL(`${base}/admin/signing`), page.click('text=Rotate')])
    await expect(page.locator('td[data-label=Role]').allTextContents()).resolves.toEqual([
      'verifies',
      'signs and verifies',
    ])
    await accessible('signing')
    await shoot('signing')
  })

  it('keeps an audit log of who did what, without secrets', async () => {
    await page.goto(`${base}/admin/audit`)
    const text = (await page.locator('main').textContent()) ?? ''
    for (const action of [
      'log in',
      'create key',
      'change scopes and origins',
      'revoke key',
      'rotate signing key',
      'redeliver webhook',
      'rotate webhook secret',
    ])
      expect(text).toContain(action)
    expect(text).not.toContain(key)
    expect(text).not.toContain(TOKEN)
    await accessible('audit')
    await shoot('audit')
  })

  it('refuses a form posted from another site', async () => {
    const before = (await t.store.listKeys()).length
    const other = await browser.newPage()
    // a page on another site (localhost is not 127.0.0.1) that posts a form to the dashboard
    await other.route('http://localhost:9/evil', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${base}/admin/keys"><input name="plan" value="roomy"></form>`,
      }),
    )
    await other.goto('http://localhost:9/evil')
    const [response] = await Promise.all([
      other.waitForResponse(`${base}/admin/keys`),
      other.locator('form').evaluate((f: HTMLFormElement) => f.submit()),
    ])
    expect(response.status()).toBe(403)
    expect((await t.store.listKeys()).length).toBe(before)
    await other.close()
  })

  it('logs out, after which the pages need the token again', async () => {
    await page.goto(`${base}/admin`)
    await Promise.all([page.waitForURL(`${base}/admin/login`), page.click('text=Log out')])
    await page.goto(`${base}/admin`)
    expect(new URL(page.url()).pathname).toBe('/admin/login')
  })
})

describe('the dashboard over HTTP', () => {
  it('is off until an operator token exists, and answers on loopback only unless told otherwise', async () => {
    const off = await makeTestApp({ admin: {} })
    expect((await off.request('/admin')).status).toBe(404)
    await off.close()
    const on = await makeTestApp({ admin: { token: TOKEN } })
    expect((await on.request('/admin')).status).toBe(303)
    // app.request() has no socket: no loopback address, so it is refused unless remote is allowed
    expect((await on.app.request('/admin')).status).toBe(404)
    await on.close()
    const remote = await makeTestApp({ admin: { token: TOKEN, remote: true } })
    expect((await remote.app.request('/admin')).status).toBe(303)
    await remote.close()
  })

  it('limits login attempts to five a minute from one address', async () => {
    const t = await makeTestApp({ admin: { token: TOKEN } })
    const attempt = () =>
      t.request('/admin/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'token=wrong-but-long-enough-wrong-but-long-enough',
      })
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    const right = await t.request('/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    })
    expect(right.status).toBe(429)
    await t.close()
  })

  it('sets a __Host- session cookie (HttpOnly, Secure, SameSite=Strict) and refuses a POST without its CSRF token', async () => {
    const t = await makeTestApp({ admin: { token: TOKEN } })
    const login = await t.request('/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    })
    expect(login.status).toBe(303)
    const setCookie = login.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(
      /^__Host-huma_admin=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/,
    )
    const cookie = setCookie.split(';')[0]!
    const page = await (await t.request('/admin', { headers: { Cookie: cookie } })).text()
    expect(page).toContain('Create a key')
    expect(page).not.toContain(cookie.split('=')[1])
    const post = (body: string) =>
      t.request('/admin/keys', {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
    expect((await post('plan=roomy')).status).toBe(403)
    expect((await post('plan=roomy&_csrf=00')).status).toBe(403)
    const csrf = page.match(/name="_csrf" value="(\w+)"/)![1]
    expect((await post(`plan=roomy&_csrf=${csrf}`)).status).toBe(201)
    expect(await t.store.listKeys()).toHaveLength(1)
    await t.close()
  })
})
