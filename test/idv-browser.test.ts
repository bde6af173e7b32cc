/**
 * The hosted page in real Chromium with a fake camera (`--use-fake-device-for-media-stream` playing a
 * .y4m that ffmpeg made from one of the package's sample faces), the real model behind it: open a
 * one-time URL, record through the prompts, attach the ID photo, send, and check the result the
 * partner gets. Screenshots at 1280 and 390 px land in test/screenshots/ (git-ignored) to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey } from '../server/keys/service.ts'
import { createApp } from '../server/app.ts'
import { createHumanMatcher } from '../server/idv/matcher.ts'
import type { IdvCompletedEvent } from '../server/idv/service.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { TEST_PLANS } from './helpers/app.ts'
import { ffmpegAvailable, y4mFromStill } from './helpers/ffmpeg.ts'

const CHROMIUM = '/usr/bin/chromium'
const browserThere = existsSync(CHROMIUM)
if (!browserThere) {
  const message = `\n*** ${CHROMIUM} is missing: the identity page's browser test is SKIPPED ***\n`
  if (process.env.HUMA_REQUIRE_BROWSER === '1') throw new Error(message)
  console.warn(message)
}
const available = browserThere && ffmpegAvailable()
const SHOTS = join(import.meta.dirname, 'screenshots')

describe.runIf(available)('the /verif/ page in real Chromium with a fake camera', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huma-idv-browser-'))
  const store = openEmbeddedStore(dir)
  const matcher = createHumanMatcher()
  const events: IdvCompletedEvent[] = []
  const app = createApp({
    store,
    plans: TEST_PLANS,
    idv: { matcher, dataDir: dir, enqueueEvent: async (e) => void events.push(e) },
  })
  let server: ServerType
  let browser: Browser
  let base = ''
  let key = ''
  const camera = join(dir, 'camera.y4m')
  const idPhoto = join(dir, 'id.jpg')

  beforeAll(async () => {
    key = (await createKey(store, TEST_PLANS, { plan: 'roomy', now: Date.now() })).key
    y4mFromStill(await gridFace(0, 1, 480), camera)
    writeFileSync(idPhoto, await idFace())
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
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
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${camera}`,
      ],
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    await matcher.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const sessionUrl = async () => {
    const res = await fetch(`${base}/verif/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_identifier: 'browser-user' }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { url: string }).url
  }

  it('records through the prompts, sends, and the partner gets a verified result', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const outside: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        outside.push(r.url())
    })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(await sessionUrl())
    await page.click('#start')
    await page.waitForFunction(() => document.getElementById('prompt')?.textContent !== '', null, {
      timeout: 10_000,
    })
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, 'verif-1280-recording.png'), fullPage: true })
    await page.waitForFunction(
      () => /recorded/.test(document.getElementById('selfie-state')?.textContent ?? ''),
      null,
      {
        timeout: 20_000,
      },
    )
    await page.setInputFiles('#id_photo', idPhoto)
    await expect.poll(() => page.isEnabled('#send')).toBe(true)
    await page.click('#send')
    await page.waitForFunction(
      () => /Thank you|could not/.test(document.getElementById('result')?.textContent ?? ''),
      null,
      {
        timeout: 120_000,
      },
    )
    await page.screenshot({ path: join(SHOTS, 'verif-1280-done.png'), fullPage: true })
    expect(await page.textContent('#result')).toContain('Thank you')
    expect(await page.getAttribute('#idv', 'data-status')).toBe('verified')
    expect(events).toHaveLength(1)
    const result = events[0]!.payload.verification_result
    expect(events[0]!.payload.user_identifier).toBe('browser-user')
    expect(result.verificationAssessment.verificationStatus).toBe('verified')
    expect(result.verificationAssessment.summary).toMatch(/frames from browser/)
    expect(result.files.selfieVideo.fileName).toMatch(/^selfie\.(webm|mp4)$/)
    expect(outside).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  }, 180_000)

  it('fits a phone: nothing wider than 390 px', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    await page.goto(await sessionUrl())
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await page.screenshot({ path: join(SHOTS, 'verif-390.png'), fullPage: true })
    await page.close()
  }, 60_000)
})
