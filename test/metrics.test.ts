import { afterEach, describe, expect, it } from 'vitest'
import { createMetrics } from '../server/metrics/metrics.ts'
import { StoreUnavailableError } from '../server/store/types.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'

let t: TestApp
afterEach(async () => t.close())

const scrape = async () => {
  const res = await t.request('/metrics')
  expect(res.status).toBe(200)
  expect(res.headers.get('Content-Type')).toContain('text/plain')
  return res.text()
}
/** The value of one sample line, e.g. `huma_limit_rejections_total{code="USER_FLOOD_DETECTED"}`. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('counts requests by route pattern and status, never by URL', async () => {
    t = await makeTestApp({ metrics: createMetrics() })
    await t.request('/healthz')
    await t.request('/healthz')
    await t.request('/no/such/page?secret=1')
    const text = await scrape()
    expect(sample(text, 'huma_http_requests_total{route="/healthz",method="GET",status="200"}')).toBe(2)
    expect(sample(text, 'huma_http_requests_total{route="unmatched",method="GET",status="404"}')).toBe(1)
    expect(text).not.toContain('/no/such/page')
  })

  it('times verify calls, histograms confidence and counts rejections by code', async () => {
    t = await makeTestApp({ metrics: createMetrics() })
    const { key } = await t.key('roomy')
    const userId = 'marker-user-8f3e'
    for (let i = 0; i < 11; i++) await t.verify(key, { userId })
    const text = await scrape()
    expect(sample(text, 'huma_verify_duration_seconds_count{status="200"}')).toBe(10)
    expect(sample(text, 'huma_verify_duration_seconds_count{status="429"}')).toBe(1)
    expect(sample(text, 'huma_verify_confidence_count{mode="live"}')).toBe(10)
    expect(sample(text, 'huma_limit_rejections_total{code="USER_FLOOD_DETECTED"}')).toBe(1)
    expect(sample(text, 'huma_http_requests_total{route="/api/v1/verify",method="POST",status="200"}')).toBe(
      10,
    )
    expect(sample(text, 'huma_store_operation_seconds_count{op="hitWindow"}')).toBe(22)
    expect(text).not.toContain(userId)
    expect(text).not.toContain(key)
  })

  it('counts store errors by operation when the store is down', async () => {
    t = await makeTestApp({ metrics: createMetrics() })
    const { key } = await t.key('roomy')
    t.store.hitWindow = () => Promise.reject(new StoreUnavailableError('down'))
    expect((await t.verify(key, { userId: 'u' })).status).toBe(503)
    const text = await scrape()
    expect(sample(text, 'huma_store_errors_total{op="hitWindow",kind="unavailable"}')).toBe(1)
    expect(sample(text, 'huma_http_requests_total{route="/api/v1/verify",method="POST",status="503"}')).toBe(
      1,
    )
  })

  it('is not served when the app has no metrics', async () => {
    t = await makeTestApp()
    expect((await t.request('/metrics')).status).toBe(404)
  })
})

describe('health endpoints', () => {
  it('answers /healthz and /readyz with 200 while the store answers', async () => {
    t = await makeTestApp()
    expect(await (await t.request('/healthz')).json()).toEqual({ status: 'ok' })
    const ready = await t.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', store: 'embedded' })
  })

  it('answers /readyz 503 SERVICE_UNAVAILABLE with Retry-After when the store does not, and /healthz 200', async () => {
    t = await makeTestApp()
    t.store.ping = () => Promise.reject(new StoreUnavailableError('down'))
    const ready = await t.request('/readyz')
    expect(ready.status).toBe(503)
    expect(ready.headers.get('Retry-After')).toBe('5')
    expect(await ready.json()).toMatchObject({ error: 'SERVICE_UNAVAILABLE' })
    expect((await t.request('/healthz')).status).toBe(200)
  })
})
