/** GET /healthz and GET /readyz in the OpenAPI document, beside their routes. */
import { z } from 'zod'
import { defineFeatureDocs } from '../openapi/feature.ts'

export const healthSchema = z.object({ status: z.literal('ok') })
export const readySchema = z.object({ status: z.literal('ready'), store: z.string() })

export const healthDocs = defineFeatureDocs({
  schemas: {
    Health: { schema: healthSchema, io: 'output' },
    Ready: { schema: readySchema, io: 'output' },
  },
  operations: [
    {
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      tag: 'Operations',
      summary: 'Liveness: the process answers',
      description: 'Never touches the store.',
      auth: false,
      ok: { description: 'alive', mediaType: 'application/json', schema: 'Health' },
      errors: [],
    },
    {
      method: 'get',
      path: '/readyz',
      operationId: 'ready',
      tag: 'Operations',
      summary: 'Readiness: the process and its store answer',
      description:
        'Answers 503 while the store cannot be reached, so a load balancer can route around this instance.',
      auth: false,
      ok: { description: 'ready', mediaType: 'application/json', schema: 'Ready' },
      errors: ['SERVICE_UNAVAILABLE'],
    },
  ],
  examples: {
    health: { response: { status: 'ok' } },
    ready: { response: { status: 'ready', store: 'embedded' } },
  },
})
