/**
 * The built snippet in a real Chromium: load /demo, move a real mouse and type through CDP input,
 * submit, and check what reached verify and what #result shows. Needs /usr/bin/chromium (Debian's
 * chromium package); without it the test is skipped loudly, or fails when HUMA_REQUIRE_BROWSER=1.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyResponseSchema, type VerifyResponse } from '../shared/api.ts'
import type { Signals } from '../shared/signals.ts'
import { DEFAULT_CHALLENGE_BITS, solves } from '../server/challenge/service.ts'
import { createRequestScorer, type ScoreInput } from '../server/verify/scorer.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'

const CHROMIUM = '/usr/bin/chromium'
const SNIPPET = 'dist/huma.js'
const available = existsSync(CHROMIUM)
if (!available) {
  const message = `\n*** ${CHROMIUM} is missing: the real-browser snippet test is SKIPPED (apt-get install chromium) ***\n`
  if (process.env.HUMA_REQUIRE_BROWSER === '1') throw new Error(message)
  console.warn(message)
}

describe.skipIf(!available)('the snippet in real Chromium', () => {
  let t: TestApp
  let server: ServerType
  let browser: Browser
  let base = ''
  const dir = mkdtempSync(join(tmpdir(), 'huma-browser-'))
  /** what verify's scorer received: the decoded signals of each call the demo backend made */
  const received: ScoreInput[] = []

  beforeAll(async () => {
    expect(existsSync(SNIPPET), `${SNIPPET} is missing: run npm run build`).toBe(true)
    const store = openEmbeddedStore(dir)
    const scorer = createRequestScorer({ store })
    t = await makeTestApp({
      store,
      now: Date.now,
      demo: true,
      snippetPath: SNIPPET,
      score: async (input) => {
        received.push(input)
        return scorer(input)
      },
    })
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`
        resolve()
      })
    })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    })
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    await t?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } })
    await page.goto(`${base}/demo`)
    await page.waitForFunction(() => 'Huma' in window)
    return page
  }

  /** Moves the mouse from `from` to `to` along a bowed curve, in small steps, then rests. */
  async function sweep(page: Page, from: [number, number], to: [number, number], rest: number) {
    const [x0, y0] = from
    const [x1, y1] = to
    const bow = 0.25 * Math.hypot(x1 - x0, y1 - y0)
    for (let i = 1; i <= 6; i++) {
      const s = i / 6
      const lift = Math.sin(Math.PI * s) * bow
      await page.mouse.move(x0 + (x1 - x0) * s - lift * 0.3, y0 + (y1 - y0) * s + lift, { steps: 4 })
    }
    await page.waitForTimeout(rest)
  }

  async function centre(page: Page, selector: string): Promise<[number, number]> {
    const box = (await page.locator(selector).boundingBox())!
    return [box.x + box.width / 2, box.y + box.height / 2]
  }

  /** The verify response the result page shows under its verdict (in a closed <details>). */
  async function result(page: Page): Promise<VerifyResponse> {
    await page.waitForSelector('#verdict')
    return verifyResponseSchema.parse(JSON.parse((await page.locator('#result').textContent()) ?? ''))
  }

  function lastSignals(): Signals {
    const signals = received.at(-1)?.signals
    if (!signals) throw new Error('verify received no signals')
    return signals
  }

  let person: { signals: Signals; response: VerifyResponse }
  /** the result page of the person's run, shown again at other widths below */
  let resultHtml = ''

  it('carries mouse and key evidence of a person filling in the form to verify, and shows the response', async () => {
    const page = await open()
    let at: [number, number] = [80, 60]
    await page.mouse.move(...at)
    for (const [field, text] of [
      ['#name', 'Ada Lovelace'],
      ['#email', 'ada@example.com'],
    ] as const) {
      const target = await centre(page, field)
      await sweep(page, at, target, 180)
      await page.mouse.down()
      await page.waitForTimeout(70)
      await page.mouse.up()
      await page.keyboard.type(text, { delay: 60 })
      at = target
    }
    const button = await centre(page, 'button[type=submit]')
    await sweep(page, at, button, 250)
    await Promise.all([page.waitForURL(`${base}/demo/signup`), page.mouse.click(...button, { delay: 80 })])
    const response = await result(page)
    resultHtml = await page.content()
    await page.close()

    const signals = lastSignals()
    expect(received.at(-1)?.userId).toMatch(/^demo_/)
    expect(signals.moves.length).toBeGreaterThan(30)
    expect(signals.buttons.map(([, kind]) => kind)).toEqual(expect.arrayContaining(['down', 'up', 'click']))
    expect(signals.buttons.every(([, , , , pointer]) => pointer === 'mouse')).toBe(true)
    const downs = signals.keys.filter(([, kind]) => kind === 'down').map(([, , cls]) => cls)
    expect(downs.filter((c) => c === 'letter').length).toBeGreaterThanOrEqual(20)
    expect(downs).toContain('space')
    expect(signals.context).toMatchObject({ w: 1024, h: 700, u: 0 })
    // no typed text anywhere in what the page sent
    expect(received.at(-1)!.encoded).not.toMatch(/Ada|Lovelace|example/)
    person = { signals, response }
  })

  it('gives a form submitted without any movement or typing a different, lower-evidence result', async () => {
    expect(person, 'the first run must pass first').toBeDefined()
    const page = await open()
    await Promise.all([
      page.waitForURL(`${base}/demo/signup`),
      page.locator('form').evaluate((f: HTMLFormElement) => f.requestSubmit()),
    ])
    const response = await result(page)
    await page.close()

    const signals = lastSignals()
    expect(signals.moves).toHaveLength(0)
    expect(signals.keys).toHaveLength(0)
    expect(signals.context.n).toBeLessThan(person.signals.context.n / 10)
    // too little to judge is not a person: below the threshold, and saying so (both runs are automated
    // Chromium, so the person-like run is capped by AUTOMATION_FLAG too)
    expect(response.human).toBe(false)
    expect(response.reasons).toContain('TOO_FEW_EVENTS')
    expect([response.confidence, response.reasons]).not.toEqual([
      person.response.confidence,
      person.response.reasons,
    ])
  })

  it('carries signals when the page sends the form with form.submit(), which fires no submit event', async () => {
    const page = await open()
    await sweep(page, [40, 40], await centre(page, '#name'), 50)
    await Promise.all([
      page.waitForURL(`${base}/demo/signup`),
      page.locator('form').evaluate((f: HTMLFormElement) => f.submit()),
    ])
    await result(page)
    await page.close()
    expect(lastSignals().moves.length).toBeGreaterThan(10)
  })

  it('shows the verdict in words with a copy button that copies the whole token', async () => {
    expect(person, 'the first run must pass first').toBeDefined()
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base })
    const page = await context.newPage()
    await page.route(`${base}/result`, (route) =>
      route.fulfill({ contentType: 'text/html', body: resultHtml }),
    )
    await page.goto(`${base}/result`)
    expect(await page.locator('#verdict h1').innerText()).toMatch(
      /^(A person filled this in|This looked automated|Not enough evidence to tell)$/,
    )
    expect(await page.locator('#reasons li').count()).toBe(person.response.reasons.length)
    const shown = await page.locator('#token').innerText()
    expect(shown.length).toBeLessThan(30)
    await page.locator('[data-copy]').click()
    await expect.poll(() => page.locator('[data-copy]').innerText()).toBe('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(person.response.token)
    await context.close()
  })

  // Phone: 390 x 844 (an iPhone 12-15); desktop: 1280 x 800. HUMA_SCREENSHOTS=<dir> keeps a PNG of each.
  const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } }
  for (const [name, viewport] of Object.entries(WIDTHS)) {
    it(`lays out the start page, the demo, its result and /docs within a ${name}'s width`, async () => {
      expect(person, 'the first run must pass first').toBeDefined()
      const page = await browser.newPage({ viewport })
      await page.route(`${base}/result`, (route) =>
        route.fulfill({ contentType: 'text/html', body: resultHtml }),
      )
      for (const path of ['/', '/demo', '/result', '/docs']) {
        await page.goto(`${base}${path}`)
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }))
        expect(scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(innerWidth)
        const shots = process.env.HUMA_SCREENSHOTS
        if (shots) {
          const file = `${path === '/' ? 'home' : path.slice(1)}-${name}.png`
          // /docs is long: its first screen is what tells whether it reads on a phone
          await page.screenshot({ path: join(shots, file), fullPage: path !== '/docs' })
        }
      }
      // /docs: on a phone the contents sit above the reference, which gets the whole width
      const main = (await page.locator('main').boundingBox())!
      if (name === 'phone') expect(main.width).toBeGreaterThanOrEqual(viewport.width * 0.95)
      else expect(main.x).toBeGreaterThan(200)
      await page.close()
    })
  }

  it('solves the proof of work in idle time, keeping signals() synchronous, and sends it to verify', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } })
    const started = Date.now()
    await page.goto(`${base}/demo`)
    await page.waitForFunction(() => 'Huma' in window)
    // before it is solved the payload goes without it, at once
    const early = await page.evaluate(() =>
      (window as unknown as { Huma: { signals(): string } }).Huma.signals(),
    )
    expect(typeof early).toBe('string')
    await page.waitForFunction(
      () => (window as unknown as { Huma: { signals(): string } }).Huma.signals().includes('"p":'),
      undefined,
      { timeout: 30_000, polling: 50 },
    )
    const solvedInMs = Date.now() - started
    await sweep(page, [40, 40], await centre(page, '#name'), 50)
    await Promise.all([
      page.waitForURL(`${base}/demo/signup`),
      page.locator('form').evaluate((f: HTMLFormElement) => f.requestSubmit()),
    ])
    await result(page)
    await page.close()
    const proof = lastSignals().proof
    expect(proof).toBeDefined()
    console.log(
      `proof of work (${DEFAULT_CHALLENGE_BITS} bits, 2^${DEFAULT_CHALLENGE_BITS} = ${2 ** DEFAULT_CHALLENGE_BITS} ` +
        `hashes on average) solved in Chromium ${solvedInMs} ms after navigation, at the ${proof!.n + 1}th hash`,
    )
    expect(solves(proof!.c, proof!.n, DEFAULT_CHALLENGE_BITS)).toBe(true)
  })

  it('reads data-form, data-field and data-challenge from its own script tag', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } })
    const challenges: string[] = []
    page.on('request', (r) => r.url().includes('/challenge') && challenges.push(r.url()))
    // a customer's page on this origin that includes the snippet with its own settings
    await page.route(`${base}/shop/checkout`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body:
          `<script src="${base}/huma.js" data-form="#checkout" data-field="evidence" ` +
          `data-challenge="/challenge?from=tag"></script>` +
          '<form id="checkout"><input id="card" name="card"></form><form data-huma id="other"></form>',
      }),
    )
    await page.goto(`${base}/shop/checkout`)
    await page.waitForFunction(() => 'Huma' in window)
    await sweep(page, [40, 40], await centre(page, '#card'), 50)
    const fields = await page.evaluate(() => {
      const entries = (id: string) => [...new FormData(document.getElementById(id) as HTMLFormElement).keys()]
      return { checkout: entries('checkout'), other: entries('other') }
    })
    expect(fields).toEqual({ checkout: ['card', 'evidence'], other: [] })
    await page.waitForFunction(
      () => (window as unknown as { Huma: { signals(): string } }).Huma.signals().includes('"p":'),
      undefined,
      { timeout: 30_000, polling: 50 },
    )
    expect(challenges).toEqual([`${base}/challenge?from=tag`])
    await page.close()
  })
})
