/** GET /healthz and GET /readyz as routes of the OpenAPI document (server/openapi/route.ts). */
import { z } from 'zod'
import { defineRoute } from '../openapi/route.ts'

export const healthSchema = z.object({ status: z.literal('ok') })
export const readySchema = z.object({ status: z.literal('ready'), store: z.string() })

export const healthRoute = defineRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'health',
  tag: 'Operations',
  summary: 'Liveness: the process answers',
  description: 'Never touches the store.',
  auth: false,
  ok: {
    description: 'alive',
    mediaType: 'application/json',
    schema: { name: 'Health', schema: healthSchema, io: 'output' },
    example: { status: 'ok' },
  },
  errors: [],
})

export const readyRoute = defineRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'ready',
  tag: 'Operations',
  summary: 'Readiness: the process and its store answer',
  description:
    'Answers 503 while the store cannot be reached, so a load balancer can route around this instance.',
  auth: false,
  ok: {
    description: 'ready',
    mediaType: 'application/json',
    schema: { name: 'Ready', schema: readySchema, io: 'output' },
    example: { status: 'ready', store: 'embedded' },
  },
  errors: ['SERVICE_UNAVAILABLE'],
})
