/** GET /metrics: the Prometheus text format. Serve it to your scraper only (docs/operations.md). */
import { Hono } from 'hono'
import { send, setHeader } from '../http/respond.ts'
import type { Metrics } from './metrics.ts'

export function metricsRoute({ metrics }: { metrics: Metrics }): Hono {
  return new Hono().get('/metrics', async (c) => {
    const body = await metrics.registry.metrics()
    setHeader(c, 'Cache-Control', 'no-store')
    return send(c, body, metrics.registry.contentType)
  })
}
