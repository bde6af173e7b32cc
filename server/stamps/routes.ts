/**
 * The stamp routes (docs/stamps.md): POST /v1/stamp, POST /v1/stamp/check and
 * POST /v1/stamp/{stamp_id}/revoke under `Authorization: Bearer` (the same keys, burst window and
 * headers as verify), and the public log: GET /v1/stamps/log/head and GET /v1/stamps/log/entries,
 * which need no key (anyone may audit the log, as anyone may check a stamp offline with the JWKS).
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { STAMP_ID, stampLogEntriesQuerySchema } from '../../shared/contracts/stamps.ts'
import { readApiBody } from '../http/body.ts'
import { fail, readJson, respond, setHeader } from '../http/respond.ts'
import { apiKey, type ApiKeyOptions } from '../keys/auth.ts'
import type { StampService } from './service.ts'
import '../keys/context.ts'
import { mount } from '../openapi/route.ts'
import {
  stampCheckRoute,
  stampLogEntriesRoute,
  stampLogHeadRoute,
  stampRevokeRoute,
  stampRoute,
} from './openapi.ts'

export interface StampRouteOptions extends Pick<ApiKeyOptions, 'keys' | 'limits' | 'plans' | 'now'> {
  stamps: StampService
}

export function stampRoutes({ stamps, keys, limits, plans, now }: StampRouteOptions): OpenAPIHono {
  const app = new OpenAPIHono()
  // hono's `/v1/stamp/*` matches `/v1/stamp` too (not `/v1/stamps/...`, the public log)
  app.use('/v1/stamp/*', readApiBody(), apiKey({ keys, limits, plans, now, scope: 'stamp' }))

  mount(app, stampRoute, async (c) => {
    const outcome = await stamps.stamp({ key: c.var.apiKey, plan: c.var.plan }, await readJson(c))
    setHeader(c, 'Cache-Control', 'no-store')
    if (outcome.ok) return respond(c, outcome.body, 200)
    if (outcome.code === 'STAMP_LIMIT_EXCEEDED' && outcome.quota) {
      // the limit that refused is the month's, so the X-RateLimit-* headers say that one
      setHeader(c, 'X-RateLimit-Limit', String(outcome.quota.limit))
      setHeader(c, 'X-RateLimit-Remaining', String(outcome.quota.remaining))
      setHeader(c, 'X-RateLimit-Reset', String(outcome.quota.resetS))
      return fail(c, outcome.code, outcome.message, outcome.quota.resetS)
    }
    return fail(c, outcome.code, outcome.message)
  })

  mount(app, stampCheckRoute, async (c) => {
    const outcome = await stamps.check(await readJson(c))
    if (!outcome.ok) return fail(c, 'INVALID_REQUEST', outcome.message)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, outcome.body, 200)
  })

  mount(app, stampRevokeRoute, async (c) => {
    const id = c.req.param('stamp_id')
    const done = STAMP_ID.test(id) ? await stamps.revoke(c.var.apiKey.id, id) : { ok: false as const }
    if (!done.ok) return fail(c, 'NOT_FOUND', 'no stamp with this id was made under this key')
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, done.body, 200)
  })

  mount(app, stampLogHeadRoute, async (c) => {
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, await stamps.head(), 200)
  })

  mount(app, stampLogEntriesRoute, async (c) => {
    const query = stampLogEntriesQuerySchema.safeParse({
      from: c.req.query('from') ?? undefined,
      limit: c.req.query('limit') ?? undefined,
    })
    if (!query.success)
      return fail(c, 'INVALID_REQUEST', `${String(query.error.issues[0]?.path[0] ?? 'from')} is invalid`)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, await stamps.entries(query.data.from, query.data.limit), 200)
  })
  return app
}
