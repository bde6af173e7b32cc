/** GET /healthz (the process answers) and GET /readyz (the store answers too). */
import { OpenAPIHono } from '@hono/zod-openapi'
import { fail, respond } from '../http/respond.ts'
import { mount } from '../openapi/route.ts'
import type { StoreLifecycle } from '../store/types.ts'
import { healthRoute, readyRoute } from './openapi.ts'

export function healthRoutes({ store }: { store: Pick<StoreLifecycle, 'ping' | 'kind'> }): OpenAPIHono {
  const app = mount(new OpenAPIHono(), healthRoute, (c) => respond(c, { status: 'ok' }, 200))
  return mount(app, readyRoute, async (c) => {
    try {
      await store.ping()
    } catch {
      return fail(c, 'SERVICE_UNAVAILABLE', 'the store cannot be reached', 5)
    }
    return respond(c, { status: 'ready', store: store.kind }, 200)
  })
}
