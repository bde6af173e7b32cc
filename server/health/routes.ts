/** GET /healthz (the process answers) and GET /readyz (the store answers too). */
import { Hono } from 'hono'
import { fail, respond } from '../http/respond.ts'
import type { StoreLifecycle } from '../store/types.ts'

export function healthRoutes({ store }: { store: Pick<StoreLifecycle, 'ping' | 'kind'> }): Hono {
  return new Hono()
    .get('/healthz', (c) => respond(c, { status: 'ok' }, 200))
    .get('/readyz', async (c) => {
      try {
        await store.ping()
      } catch {
        return fail(c, 'SERVICE_UNAVAILABLE', 'the store cannot be reached', 5)
      }
      return respond(c, { status: 'ready', store: store.kind }, 200)
    })
}
