import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDemoRoutes } from '../server/routes/demo.ts'

const dir = mkdtempSync(join(tmpdir(), 'huma-demo-'))
const snippetPath = join(dir, 'huma.js')
writeFileSync(snippetPath, '(()=>{window.Huma={}})()')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function demo(enabled = true, options: Partial<Parameters<typeof createDemoRoutes>[0]> = {}) {
  const calls: { url: string; headers: Headers; body: Record<string, unknown> }[] = []
  const app = createDemoRoutes({
    enabled,
    snippetPath,
    ...options,
    async callVerify(req) {
      calls.push({ url: req.url, headers: req.headers, body: await req.json() })
      return Response.json({ human: true, confidence: 0.9, token: 't<k>', pii_stored: false, reasons: [] })
    },
  })
  return { app, calls }
}

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
      callVerify: async () => new Response(),
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

  it('calls verify as a customer backend would and shows the whole response in #result', async () => {
    const { app, calls } = demo()
    const signals = '{"v":1,"c":{"w":800,"h":600,"a":0,"u":0,"n":1,"d":10},"m":[5,1,2]}'
    const res = await submit(app, { name: 'Ada', email: 'ada@example.com', huma_signals: signals })
    expect(res.status).toBe(200)
    expect(calls).toHaveLength(1)
    const [call] = calls
    expect(new URL(call!.url).pathname).toBe('/api/v1/verify')
    expect(call!.headers.get('Authorization')).toBeNull()
    expect(call!.body).toEqual({ userId: expect.stringMatching(/^demo_/), signals, action: 'signup' })
    const html = await res.text()
    expect(html).toMatch(
      /<pre id="result">\{\n {2}&quot;human&quot;: true,[^]*&quot;t&lt;k&gt;&quot;[^]*<\/pre>/,
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
})
