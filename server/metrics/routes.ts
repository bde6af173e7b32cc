/** GET /metrics: the Prometheus text format. Serve it to your scraper only (docs/operations.md). */
import { OpenAPIHono } from '@hono/zod-openapi'
import { send, setHeader } from '../http/respond.ts'
import { mount } from '../openapi/route.ts'
import type { Metrics } from './metrics.ts'
import { metricsRouteDoc } from './openapi.ts'

export function metricsRoute({ metrics }: { metrics: Metrics }): OpenAPIHono {
  return mount(new OpenAPIHono(), metricsRouteDoc, async (c) => {
    const body = await metrics.registry.metrics()
    setHeader(c, 'Cache-Control', 'no-store')
    return send(c, body, metrics.registry.contentType)
  })
}
