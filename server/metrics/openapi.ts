/** GET /metrics as a route of the OpenAPI document (server/openapi/route.ts). */
import { defineRoute } from '../openapi/route.ts'

export const metricsRouteDoc = defineRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  tag: 'Operations',
  summary: 'Prometheus metrics',
  description:
    'Requests by route pattern, verify latency, confidence, limit rejections, store latency and errors; nothing ' +
    'personal. Served only when the app is built with metrics (as `npm start` does); expose it to your scraper only.',
  auth: false,
  ok: { description: 'the Prometheus text format', mediaType: 'text/plain' },
  errors: [],
})
