/** GET /metrics: the Prometheus text format. Serve it to your scraper only (docs/operations.md). */
import { Hono } from 'hono'
import type { Metrics } from './metrics.ts'

export function metricsRoute({ metrics }: { metrics: Metrics }): Hono {
  return new Hono().get('/metrics', async (c) => {
    const body = await metrics.registry.metrics()
    return c.body(body, 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' })
  })
}
