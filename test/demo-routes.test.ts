import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMetrics } from '../server/metrics/metrics.ts'
import { createDemoRoutes, type DemoVerifyRequest } from '../server/demo/routes.ts'
import type { VerifyOutcome } from '../server/verify/service.ts'
import { makeTestApp } from './helpers/app.ts'

const dir = mkdtempSync(join(tmpdir(), 'huma-demo-'))
const snippetPath = join(dir, 'huma.js')
writeFileSync(snippetPath, '(()=>{window.Huma={}})()')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const TOKEN = 'eyJhbGciOiJFZERTQSIsImtpZCI6InNrXzEifQ.eyJodW1hbiI6dHJ1ZX0.c2lnbmF0dXJlX2hlcmU'

function demo(
  enabled = true,
  options: Partial<Parameters<typeof createDemoRoutes>[0]> = {},
  answer: () => VerifyOutcome = () => ({
    ok: true,
    body: { human: true, confidence: 0.9, token: 't<k>', pii_stored: false, reasons: [] },
  }),
) {
  // the demo calls the verify service directly (under the demo's own caller, given by the app)
  const calls: { body: DemoVerifyRequest }[] = []
  const app = createDemoRoutes({
    enabled,
    snippetPath,
    ...options,
    async verify(request) {
      calls.push({ body: request })
      return answer()
    },
  })
  return { app, calls }
}

const verdict =
  (body: object): (() => VerifyOutcome) =>
  () => ({
    ok: true,
    body: { human: true, confidence: 0.9, token: TOKEN, pii_stored: false, reasons: [], ...body },
  })

const submit = (app: ReturnType<typeof demo>['app'], fields: Record<string, string>) =>
  app.request('/demo/signup', { method: 'POST', body: new URLSearchParams(fields) })

describe('demo routes', () => {
  it('serves the built snippet as JavaScript with a cache header', async () => {
    const res = await demo().app.request('/huma.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/)
    expect(res.headers.get('Cache-Control')).toMatch(/max-age=\d+/)
    expect(await res.text()).toBe('(()=>{window.Huma={}})()')
  })

  it('answers 404 NOT_FOUND as JSON when the snippet is not built', async () => {
    const app = createDemoRoutes({
      enabled: false,
      snippetPath: join(dir, 'missing.js'),
      verify: async () => ({ ok: false, code: 'INTERNAL_ERROR', message: 'unused' }),
    })
    const res = await app.request('/huma.js')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: 'NOT_FOUND' })
  })

  it('shows a sign-up page with the snippet and a data-huma form', async () => {
    const html = await (await demo().app.request('/demo')).text()
    expect(html).toContain('<script src="/huma.js" async></script>')
    expect(html).toMatch(/<form data-huma method="post" action="\/demo\/signup">/)
    expect(html).toMatch(/name="email"/)
  })

  it('calls verify as a customer backend would and shows the whole response in #result too', async () => {
    const { app, calls } = demo()
    const signals = '{"v":1,"c":{"w":800,"h":600,"a":0,"u":0,"n":1,"d":10},"m":[5,1,2]}'
    const res = await submit(app, { name: 'Ada', email: 'ada@example.com', huma_signals: signals })
    expect(res.status).toBe(200)
    expect(calls).toHaveLength(1)
    const [call] = calls
    expect(call!.body).toEqual({ userId: expect.stringMatching(/^demo_/), signals, action: 'signup' })
    const html = await res.text()
    expect(html).toMatch(
      /<pre id="result" class="wrap">\{\n {2}&quot;human&quot;: true,[^]*&quot;t&lt;k&gt;&quot;[^]*<\/pre>/,
    )
    expect(html).toContain('1 pointer moves')
  })

  it('sends no signals when the form carried none, and never the form fields', async () => {
    const { app, calls } = demo()
    await submit(app, { name: 'Ada', email: 'ada@example.com' })
    expect(Object.keys(calls[0]!.body).sort()).toEqual(['action', 'userId'])
  })

  it('refuses to submit with 503 when the demo is turned off', async () => {
    const { app, calls } = demo(false)
    const res = await submit(app, { name: 'Ada' })
    expect(res.status).toBe(503)
    expect(calls).toHaveLength(0)
  })

  it('admits 10 sign-ups a minute from one address, each address counted on its own', async () => {
    const clock = { now: 1_000_000 }
    let address = '198.51.100.7'
    const { app, calls } = demo(true, { clientOf: () => address, now: () => clock.now })
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await submit(app, { name: 'Ada' })).status)
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429, 429])
    const refused = await submit(app, { name: 'Ada' })
    expect(await refused.json()).toMatchObject({ error: 'BURST_LIMIT_EXCEEDED' })
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
    address = '203.0.113.9'
    expect((await submit(app, { name: 'Ada' })).status).toBe(200)
    address = '198.51.100.7'
    clock.now += 60_001
    expect((await submit(app, { name: 'Ada' })).status).toBe(200)
    expect(calls).toHaveLength(12)
  })

  it('says the verdict in words, explains each reason in a sentence and abbreviates the token with a copy button', async () => {
    const { app } = demo(true, {}, verdict({ reasons: ['HUMAN_MOTION', 'HUMAN_TYPING'] }))
    const html = await (await submit(app, { name: 'Ada' })).text()
    expect(html).toMatch(/<div class="verdict human" id="verdict"[^>]*>\s*<h1>A person filled this in<\/h1>/)
    expect(html).toContain('Confidence <strong>0.9</strong>')
    expect(html).toContain('<li><code>HUMAN_MOTION</code>: The pointer moved the way people&#39;s hands do')
    expect(html).toContain('<li><code>HUMAN_TYPING</code>: Typing had a person&#39;s rhythm')
    expect(html).toContain(
      `<code id="token" title="the token, abbreviated">${TOKEN.slice(0, 12)}…${TOKEN.slice(-8)}</code>`,
    )
    expect(html).toContain(`data-copy="${TOKEN}"`)
    expect(html).toContain('<script src="/assets/copy.js" defer></script>')
    expect(html).toMatch(/Automated browsers \(Playwright, Puppeteer, Selenium, headless Chrome\)/)
  })

  it('calls a bot a bot and thin evidence uncertain, whatever human says', async () => {
    const bot = demo(true, {}, verdict({ human: false, confidence: 0.05, reasons: ['AUTOMATION_FLAG'] }))
    expect(await (await submit(bot.app, {})).text()).toMatch(/verdict not_human[^]*This looked automated/)
    const thin = demo(true, {}, verdict({ human: true, confidence: 0.5, reasons: ['NO_SIGNALS'] }))
    const html = await (await submit(thin.app, {})).text()
    expect(html).toMatch(/verdict uncertain[^]*Not enough evidence to tell/)
    expect(html).toContain('No evidence reached the server')
  })

  it("shows verify's error in words when there is no verdict", async () => {
    const { app } = demo(true, {}, () => ({
      ok: false,
      code: 'BURST_LIMIT_EXCEEDED',
      message: 'slow <down>',
    }))
    const html = await (await submit(app, {})).text()
    expect(html).toMatch(/No verdict this time[^]*<code>BURST_LIMIT_EXCEEDED<\/code>: slow &lt;down&gt;/)
    expect(html).toContain('The whole response (HTTP 429)')
  })
})

describe('the start page', () => {
  it('says what the server is and links the demo, the docs, health, metrics and the quick start', async () => {
    const t = await makeTestApp({ metrics: createMetrics() })
    try {
      const res = await t.app.request('http://huma.example/') // the Host a proxy would pass on, which fetch cannot set
      expect(res.status).toBe(200)
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
      const html = await res.text()
      expect(html).toContain('self-hosted human verification')
      for (const href of ['/demo', '/docs', '/openapi.json', '/healthz', '/metrics', '#quick-start'])
        expect(html).toContain(`href="${href}"`)
      expect(html).toContain('&lt;script src="http://huma.example/huma.js" async&gt;')
      expect(html).toContain('<link rel="stylesheet" href="/assets/site.css">')
      const css = await t.request('/assets/site.css')
      expect(css.headers.get('Content-Type')).toMatch(/^text\/css/)
      expect(await css.text()).toContain('.verdict')
    } finally {
      await t.close()
    }
  })

  it('leaves out /metrics when the app serves none, and says when the demo is off', async () => {
    const t = await makeTestApp()
    try {
      const html = await (await t.request('/')).text()
      expect(html).not.toContain('href="/metrics"')
      expect(html).toContain('The demo sign-up is off on this server')
    } finally {
      await t.close()
    }
  })
})
