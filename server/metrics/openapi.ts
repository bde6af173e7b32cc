/** GET /metrics in the OpenAPI document, beside its route. */
import { defineFeatureDocs } from '../openapi/feature.ts'

export const metricsDocs = defineFeatureDocs({
  schemas: {},
  operations: [
    {
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
    },
  ],
})
