/**
 * The dashboard's hosted sessions, identity checks and review queue (issue 21) in real Chromium over real
 * HTTP: a key's sessions and checks listed with their states, the review queue, a check in review opened
 * with its two images side by side, approved, and the decision reaching the partner by webhook (signed)
 * and by GET /verif/checks/{id}; a purged check says its images are deleted and cannot be decided. axe-core
 * on every page; screenshots at 1280 and 390 px (kept in HUMA_SCREENSHOTS when set). Needs
 * /usr/bin/chromium; skipped loudly without it, unless HUMA_REQUIRE_BROWSER=1.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { Webhook } from 'standardwebhooks'
import type { IdvSubmitResponse } from '../shared/contracts/idv.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHostedStore } from '../server/hosted/store/index.ts'
import { enqueueThrough } from '../server/idv/webhook.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createWebhooks, type Webhooks } from '../server/webhooks/index.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { checkRecord } from './contracts/idv.ts'
import { analysisOf, FAKE_WEBM, makeIdvApp, submitForm, type IdvTestApp } from './helpers/idv.ts'
import { serveApp, type Served } from './helpers/http.ts'
import { expectAccessible, shootWidths } from './helpers/page-checks.ts'
import { startReceiver, type Receiver } from './helpers/receiver.ts'

const CHROMIUM = '/usr/bin/chromium'
const TOKEN = 'operator-token-for-the-checks-test-0123456789abc'
const available = existsSync(CHROMIUM)
if (!available) {
  const message = `\n*** ${CHROMIUM} is missing: the dashboard checks browser test is SKIPPED (apt-get install chromium) ***\n`
  if (process.env.HUMA_REQUIRE_BROWSER === '1') throw new Error(message)
  console.warn(message)
}

describe.skipIf(!available)('hosted sessions, identity checks and the review queue in real Chromium', () => {
  let t: IdvTestApp
  let served: Served
  let browser: Browser
  let page: Page
  let webhooks: Webhooks
  let receiver: Receiver
  let base = ''
  let key = ''
  let keyId = ''
  let secret = ''
  const checks: Record<'review' | 'verified' | 'purged', string> = { review: '', verified: '', purged: '' }

  /** the app's clock: a second passes between checks, so "newest first" has one answer */
  let clock = Date.now()
  const submit = async (similarity: number, user: string) => {
    clock += 1000
    t.matcher.next = analysisOf(similarity)
    const res = await t.app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: user,
        user_email: `${user}@example.com`,
        selfie_video: FAKE_WEBM,
        id_photo: new Uint8Array(await idFace()),
        frames: [new Uint8Array(await gridFace(0, 1))],
      }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { check_id: string }).check_id
  }
  const status = async (id: string) => {
    const res = await fetch(`${base}/verif/checks/${id}`, { headers: { Authorization: `Bearer ${key}` } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      check_id: string
      result: { verificationAssessment: { verificationStatus: string; summary: string } }
    }
    expect(body.check_id).toBe(id)
    return body.result.verificationAssessment
  }

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-admin-checks-'))
    const store = openEmbeddedStore(dir)
    webhooks = createWebhooks({ store, devMode: true })
    t = await makeIdvApp({
      deps: { store, webhooks, now: () => clock, admin: { token: TOKEN } },
      enqueue: enqueueThrough(webhooks.outbox),
    })
    ;({ key, id: keyId } = await t.key())
    receiver = await startReceiver()
    const config = await t.app.request('/v1/webhook/admin/config/create_or_edit', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        webhook_type: 'IDENTITY_VERIFICATION_COMPLETED',
        destination_url: receiver.url,
      }),
    })
    secret = ((await config.json()) as { secret: string }).secret
    checks.purged = await submit(0.5, 'gone-1')
    checks.verified = await submit(0.7, 'ada-2')
    checks.review = await submit(0.5, 'grace-3')
    await t.idvStore.markPurged(checks.purged, clock)
    await webhooks.worker.runOnce()
    receiver.received.length = 0
    // two people sent through the hosted check: one verified, one whose invite is still open
    const hosted = openHostedStore(t.store)
    const at = clock
    for (const [n, done] of [
      [1, true],
      [2, false],
    ] as const) {
      const user = await hosted.register({
        userId: `bcu_test${n}`,
        keyId,
        refHash: `hash${n}`.padEnd(43, 'x'),
        refSealed: null,
        regionId: null,
        dataRequest: 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID',
        redirectUrl: null,
        state: null,
        createdAt: at - (3 - n) * 60_000,
        codeHash: `code${n}`,
        codeExpiresAt: at + 3_600_000,
      })
      if (done)
        await hosted.complete({
          codeHash: user.codeHash,
          result: { humannessScore: 93, fulfillmentTimeS: 11, uniqueHumanId: null, completedAt: at },
          now: at,
          claim: null,
          event: null,
        })
    }
    served = await serveApp(t.app)
    base = served.url
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${base}/admin/login`)
    await page.fill('#token', TOKEN)
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')])
  })

  afterAll(async () => {
    await browser?.close()
    await served?.close()
    await receiver?.close()
    await t?.close()
  })

  const accessible = (name: string) => expectAccessible(page, name)
  const shoot = (name: string) => shootWidths(page, name)

  const column = (label: string) => page.locator(`td[data-label="${label}"]`).allTextContents()

  it("lists a key's hosted sessions newest first with their states, people only as a keyed-hash prefix", async () => {
    await page.goto(`${base}/admin/hosted/sessions?key=${keyId}`)
    expect(await column('State')).toEqual(['invited', 'verified'])
    expect(await column('Person')).toEqual(['hash2xxxxx', 'hash1xxxxx'])
    expect(await column('Score')).toEqual(['', '93'])
    expect(await page.content()).not.toContain('bcu_test')
    await accessible('hosted sessions')
    await shoot('hosted-sessions')
  })

  it("lists a key's identity checks newest first with status and retention, no contact data", async () => {
    await page.goto(`${base}/admin/identity?key=${keyId}`)
    expect(await column('Check')).toEqual([checks.review, checks.verified, checks.purged])
    expect(await column('Status')).toEqual(['review', 'verified', 'review'])
    const files = await column('Files')
    expect(files[0]).toMatch(/^kept until \d{4}-\d\d-\d\d$/)
    expect(files[2]).toMatch(/^deleted \d{4}-\d\d-\d\d$/)
    const text = await page.content()
    for (const secretish of ['grace-3', 'ada-2', '@example.com']) expect(text).not.toContain(secretish)
    await accessible('identity checks')
    await shoot('identity-checks')
  })

  it('queues the checks in review whose images are kept, newest first', async () => {
    await page.goto(`${base}/admin/identity/review`)
    expect(await column('Check')).toEqual([checks.review])
    await accessible('review queue')
    await shoot('review-queue')
  })

  it('shows a check in review with its selfie frame and ID photo side by side, served no-store to the session only', async () => {
    await page.goto(`${base}/admin/identity/review`)
    await Promise.all([page.waitForURL(/\/admin\/identity\/checks\//), page.click(`text=${checks.review}`)])
    await expect(page.locator('#check-status').textContent()).resolves.toBe('review')
    const sizes = await page
      .locator('.compare img')
      .evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).map((img) => [img.naturalWidth, img.getBoundingClientRect().top]),
      )
    expect(sizes).toHaveLength(2)
    for (const [width] of sizes) expect(width).toBeGreaterThan(0)
    expect(sizes[0]![1]).toBe(sizes[1]![1]) // side by side
    const headers = await page.evaluate(async (url) => {
      const res = await fetch(url)
      return [
        res.status,
        res.headers.get('content-type'),
        res.headers.get('cache-control'),
        res.headers.get('content-security-policy'),
      ]
    }, `/admin/identity/checks/${checks.review}/id-photo`)
    expect(headers).toEqual([
      200,
      'image/jpeg',
      'no-store',
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    ])
    // without the session cookie: the login form, not the image
    const anonymous = await fetch(`${base}/admin/identity/checks/${checks.review}/frame`, {
      redirect: 'manual',
    })
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toBe('/admin/login')
    // a check that was never in review shows no images
    const never = await page.evaluate(
      async (url) => (await fetch(url)).status,
      `/admin/identity/checks/${checks.verified}/id-photo`,
    )
    expect(never).toBe(404)
    await accessible('check in review')
    await shoot('review-check')
  })

  it('approves it: the status turns verified for polling, the signed webhook carries it, the audit log says who', async () => {
    expect((await status(checks.review)).verificationStatus).toBe('review')
    await page.goto(`${base}/admin/identity/checks/${checks.review}`)
    await Promise.all([page.waitForURL(/decided=approved/), page.click('button[value=approved]')])
    await expect(page.locator('#check-status').textContent()).resolves.toBe('verified')
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('webhook is queued')
    expect(await page.locator('form.decide').count()).toBe(0)
    await accessible('decided check')
    await shoot('decided-check')
    const polled = await status(checks.review)
    expect(polled.verificationStatus).toBe('verified')
    expect(polled.summary).toMatch(/^A person reviewed the images and approved the check/)

    await webhooks.worker.runOnce()
    expect(receiver.received).toHaveLength(1)
    const event = new Webhook(secret).verify(
      receiver.received[0]!.body,
      receiver.received[0]!.headers as Record<string, string>,
    ) as {
      type: string
      data: {
        check_id: string
        user_identifier: string
        verification_result: {
          verificationAssessment: { verificationStatus: string }
          faceComparison: { isIdentical: boolean }
        }
      }
    }
    expect(event.type).toBe('IDENTITY_VERIFICATION_COMPLETED')
    expect(event.data.check_id).toBe(checks.review)
    expect(event.data.user_identifier).toBe('grace-3')
    expect(event.data.verification_result.verificationAssessment.verificationStatus).toBe('verified')
    expect(event.data.verification_result.faceComparison.isIdentical).toBe(true)

    await page.goto(`${base}/admin/identity/review`)
    await expect(page.locator('main td').textContent()).resolves.toBe('Nothing to review.')
    await page.goto(`${base}/admin/audit`)
    await expect(page.locator('main').textContent()).resolves.toContain('approve identity check')
  })

  it('says a purged check’s images are deleted, serves none, and refuses to decide it', async () => {
    await page.goto(`${base}/admin/identity/checks/${checks.purged}`)
    await expect(page.locator('main').textContent()).resolves.toMatch(/Images deleted \d{4}-\d\d-\d\d/)
    expect(await page.locator('.compare img').count()).toBe(0)
    expect(await page.locator('form.decide').count()).toBe(0)
    const image = await page.evaluate(
      async (url) => (await fetch(url)).status,
      `/admin/identity/checks/${checks.purged}/id-photo`,
    )
    expect(image).toBe(404)
    const csrf = await page.locator('input[name=_csrf]').first().getAttribute('value')
    const refused = await page.evaluate(
      async ([url, token]) =>
        (
          await fetch(url!, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: `_csrf=${token}&decision=approved`,
          })
        ).status,
      [`/admin/identity/checks/${checks.purged}/decide`, csrf],
    )
    expect(refused).toBe(409)
    expect((await status(checks.purged)).verificationStatus).toBe('review')
    await accessible('purged check')
    await shoot('purged-check')
  })
})

describe('the checks pages over HTTP', () => {
  it('page a key’s identity checks 25 at a time, newest first, with links to newer and older pages', async () => {
    const t = await makeIdvApp({ deps: { admin: { token: TOKEN } } })
    const { id: keyId } = await t.key()
    const made = []
    for (let i = 0; i < 27; i++) {
      const check = checkRecord({ keyId, createdAt: Date.UTC(2026, 10, 1) + i * 60_000 })
      await t.idvStore.putCheck(check)
      made.unshift(check.id)
    }
    const login = await t.request('/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    const ids = async (page: number) => {
      const res = await t.request(`/admin/identity?key=${keyId}&page=${page}`, {
        headers: { Cookie: cookie },
      })
      expect(res.status).toBe(200)
      const text = await res.text()
      return { ids: [...text.matchAll(/<code>(idv_\w+)<\/code><\/a>/g)].map((m) => m[1]), text }
    }
    const first = await ids(0)
    expect(first.ids).toEqual(made.slice(0, 25))
    expect(first.text).toContain(`href="/admin/identity?key=${keyId}&amp;page=1" rel="next"`)
    expect(first.text).not.toContain('rel="prev"')
    const second = await ids(1)
    expect(second.ids).toEqual(made.slice(25))
    expect(second.text).toContain('rel="prev"')
    expect(second.text).not.toContain('rel="next"')
    // a page number that is not one is the first page
    expect((await ids(-3)).ids).toEqual(made.slice(0, 25))
    await t.close()
  })

  it('rejects a check in review with the session’s CSRF token only: the status, the event and the audit log say rejected', async () => {
    const t = await makeIdvApp({ deps: { admin: { token: TOKEN } } })
    const { key } = await t.key()
    t.matcher.next = analysisOf(0.5)
    const submitted = await t.app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'lin-9',
        selfie_video: FAKE_WEBM,
        id_photo: new Uint8Array(await idFace()),
        frames: [new Uint8Array(await gridFace(0, 1))],
      }),
    })
    const id = ((await submitted.json()) as { check_id: string }).check_id
    t.events.length = 0
    const login = await t.request('/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    const page = await (
      await t.request(`/admin/identity/checks/${id}`, { headers: { Cookie: cookie } })
    ).text()
    const csrf = page.match(/name="_csrf" value="(\w+)"/)![1]
    const decide = (body: string, headers: Record<string, string> = {}) =>
      t.request(`/admin/identity/checks/${id}/decide`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body,
      })
    expect((await decide('decision=rejected')).status).toBe(403)
    expect((await decide(`decision=rejected&_csrf=${csrf}`, { Origin: 'https://evil.example' })).status).toBe(
      403,
    )
    expect((await decide(`decision=maybe&_csrf=${csrf}`)).status).toBe(400)
    expect(t.events).toEqual([])
    const done = await decide(`decision=rejected&_csrf=${csrf}`)
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(`/admin/identity/checks/${id}?decided=rejected`)
    expect((await decide(`decision=approved&_csrf=${csrf}`)).status).toBe(409)

    const polled = await t.request(`/verif/checks/${id}`, { headers: { Authorization: `Bearer ${key}` } })
    const result = ((await polled.json()) as { result: IdvSubmitResponse['result'] }).result
    expect(result.verificationAssessment.verificationStatus).toBe('rejected')
    expect(result.faceComparison.isIdentical).toBe(false)
    expect(t.events).toHaveLength(1)
    expect(t.events[0]!.payload).toMatchObject({
      check_id: id,
      user_identifier: 'lin-9',
      verification_result: result,
    })
    const audit = await (await t.request('/admin/audit', { headers: { Cookie: cookie } })).text()
    expect(audit).toContain('reject identity check')
    expect(audit).not.toContain('approve identity check')
    await t.close()
  })

  it('treats a check past its retention as deleted before the sweeper has run: no images, no decision', async () => {
    const t = await makeIdvApp({ deps: { admin: { token: TOKEN } } })
    const { key } = await t.key()
    t.matcher.next = analysisOf(0.5)
    const submitted = await t.app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'late-1',
        selfie_video: FAKE_WEBM,
        id_photo: new Uint8Array(await idFace()),
        frames: [new Uint8Array(await gridFace(0, 1))],
      }),
    })
    const id = ((await submitted.json()) as { check_id: string }).check_id
    const logIn = async () => {
      const login = await t.request('/admin/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `token=${TOKEN}`,
      })
      return (login.headers.get('set-cookie') ?? '').split(';')[0]!
    }
    let cookie = await logIn()
    const get = (path: string) => t.request(path, { headers: { Cookie: cookie } })
    expect((await get(`/admin/identity/checks/${id}/id-photo`)).status).toBe(200)
    // a week and a moment later (a new session: the last one expired after 12 hours)
    t.clock.now += 7 * 86_400_000 + 1
    cookie = await logIn()
    const csrf = (await (await get(`/admin/identity/checks/${id}`)).text()).match(
      /name="_csrf" value="(\w+)"/,
    )![1]
    const page = await (await get(`/admin/identity/checks/${id}`)).text()
    expect(page).toMatch(/Images deleted \d{4}-\d\d-\d\d/)
    expect(page).not.toContain('class="decide"')
    expect((await get(`/admin/identity/checks/${id}/id-photo`)).status).toBe(404)
    expect((await get(`/admin/identity/checks/${id}/frame`)).status).toBe(404)
    const decided = await t.request(`/admin/identity/checks/${id}/decide`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `decision=approved&_csrf=${csrf}`,
    })
    expect(decided.status).toBe(409)
    expect(await decided.text()).toContain('The images of this check are deleted')
    await t.close()
  })
})
