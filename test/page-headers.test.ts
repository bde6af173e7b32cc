/**
 * Finding 8 of issue 15: /demo had no CSP, frame-ancestors or nosniff, /docs no frame-ancestors, and
 * 404 bodies echoed the request path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTestApp, type TestApp } from './helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ demo: true })
})
afterEach(async () => {
  await t.close()
})

const PAGES: [string, RequestInit][] = [
  ['/demo', {}],
  ['/docs', {}],
  ['/demo/signup', { method: 'POST', body: new URLSearchParams({ huma_signals: '' }) }],
]

describe('HTML pages', () => {
  it.each(PAGES)('%s forbids framing, sniffing and referrers', async (path, init) => {
    const res = await t.request(path, init)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    const csp = res.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/default-src 'none'/)
    expect(res.headers.get('X-Frame-Options')).toBe('DENY')
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer')
  })

  it('lets the demo page load its own snippet and post its own form, and nothing from elsewhere', async () => {
    const csp = (await t.request('/demo')).headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("form-action 'self'")
    expect(csp).not.toMatch(/\*|https?:|'unsafe-eval'/)
  })
})

describe('errors', () => {
  it('do not echo the request path', async () => {
    const probe = '/no-such-page-<script>alert(1)</script>'
    const res = await t.request(probe)
    expect(res.status).toBe(404)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ error: 'NOT_FOUND' })
    expect(text).not.toContain('no-such-page')
    expect(text).not.toContain('script')
  })
})
