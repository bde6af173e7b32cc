/**
 * The webhook admin routes (shared/contracts/verifyyou.ts, WEBHOOK_ADMIN_PATHS): under `API-KEY:` or
 * `Authorization: Bearer`, the same keys, limits and headers as verify, answering in the contract's
 * `{"status": "success", ...}` / `{"status": "failure", "failure_code", "failure_reason"}` shape. Each
 * key sees and changes only its own destinations and deliveries.
 */
import type { Context } from 'hono'
import { OpenAPIHono } from '@hono/zod-openapi'
import type { z } from 'zod'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import {
  describeFailure,
  WEBHOOK_ADMIN_PATHS as PATHS,
  webhookCreateOrEditRequestSchema,
  webhookDeliveriesRequestSchema,
  webhookListRequestSchema,
  webhookRedeliverRequestSchema,
  webhookTypeRequestSchema,
} from '../../shared/contracts/verifyyou.ts'
import { readJson, respond, setHeader } from '../http/respond.ts'
import type { Logger } from '../log.ts'
import { apiKey, type ApiKeyOptions } from '../keys/auth.ts'
import { readBody } from '../http/body.ts'
import { failure } from '../http/contract-failure.ts'
import { StoreUnavailableError } from '../store/types.ts'
import type { AdminFailure, WebhookAdmin } from './service.ts'
import '../keys/context.ts'
import { mount } from '../openapi/route.ts'
import { API_KEY_HEADER_SCHEME } from '../openapi/contract.ts'
import { WEBHOOK_ROUTES } from './openapi.ts'

const success = (c: Context, body: Record<string, unknown>) => {
  setHeader(c, 'Cache-Control', 'no-store')
  return respond(c, { status: 'success', ...body }, 200)
}

export interface WebhookRouteOptions extends Pick<ApiKeyOptions, 'keys' | 'limits' | 'plans' | 'now'> {
  admin: WebhookAdmin
  log: Logger
}

export function webhookRoutes({ admin, keys, limits, plans, now, log }: WebhookRouteOptions): OpenAPIHono {
  const app = new OpenAPIHono()
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKeyHeader', API_KEY_HEADER_SCHEME)
  /** The contract's route at `path` (one of WEBHOOK_ADMIN_PATHS), as openapi.ts defines it. */
  const route = (path: string) => WEBHOOK_ROUTES[path]!
  app.use(
    '/v1/webhook/admin/*',
    readBody({
      maxBytes: MAX_BODY_BYTES,
      onTooLarge: (c) => failure(c, 'PAYLOAD_TOO_LARGE', `The body must be at most ${MAX_BODY_BYTES} bytes`),
    }),
    apiKey({ keys, limits, plans, now, scope: 'webhooks', apiKeyHeader: true, failWith: failure }),
  )

  /** The body parsed by `schema`; an empty body counts as `{}` for routes whose fields are all optional. */
  const parse = async <S extends z.ZodType>(c: Context, schema: S) => {
    const raw = c.get('body')
    const body = raw === undefined || raw.length === 0 ? undefined : await readJson(c)
    const parsed = schema.safeParse(body)
    if (raw !== undefined && raw.length > 0 && body === undefined)
      return { ok: false as const, answer: failure(c, 'INVALID_REQUEST', 'The request body must be JSON') }
    return parsed.success
      ? { ok: true as const, data: parsed.data as z.infer<S> }
      : { ok: false as const, answer: failure(c, 'INVALID_REQUEST', describeFailure(parsed.error, body)) }
  }
  const refused = (c: Context, f: AdminFailure) => failure(c, f.code, f.message)

  mount(app, route(PATHS.createOrEdit), async (c) => {
    const req = await parse(c, webhookCreateOrEditRequestSchema)
    if (!req.ok) return req.answer
    const done = await admin.createOrEdit(c.var.apiKey.id, req.data.webhook_type, req.data.destination_url)
    if (!done.ok) return refused(c, done)
    const { ok: _, ...body } = done
    return success(c, body)
  })
  mount(app, route(PATHS.list), async (c) => {
    const req = await parse(c, webhookListRequestSchema)
    if (!req.ok) return req.answer
    return success(c, { webhooks: await admin.list(c.var.apiKey.id) })
  })
  mount(app, route(PATHS.delete), async (c) => {
    const req = await parse(c, webhookTypeRequestSchema)
    if (!req.ok) return req.answer
    const done = await admin.remove(c.var.apiKey.id, req.data.webhook_type)
    return done.ok ? success(c, {}) : refused(c, done)
  })
  mount(app, route(PATHS.rotateSecret), async (c) => {
    const req = await parse(c, webhookTypeRequestSchema)
    if (!req.ok) return req.answer
    const done = await admin.rotateSecret(c.var.apiKey.id, req.data.webhook_type)
    return done.ok ? success(c, { secret: done.secret }) : refused(c, done)
  })
  mount(app, route(PATHS.deliveries), async (c) => {
    const req = await parse(c, webhookDeliveriesRequestSchema)
    if (!req.ok) return req.answer
    const options = {
      ...(req.data?.webhook_type ? { type: req.data.webhook_type } : {}),
      ...(req.data?.limit ? { limit: req.data.limit } : {}),
    }
    return success(c, { deliveries: await admin.deliveries(c.var.apiKey.id, options) })
  })
  mount(app, route(PATHS.redeliver), async (c) => {
    const req = await parse(c, webhookRedeliverRequestSchema)
    if (!req.ok) return req.answer
    const done = await admin.redeliver(c.var.apiKey.id, req.data.webhook_id)
    if (!done.ok) return refused(c, done)
    return success(c, { queued: done.queued, delivery: done.delivery })
  })

  app.onError((error, c) => {
    if (error instanceof StoreUnavailableError) {
      log.error('store unavailable', { route: c.req.routePath })
      return failure(c, 'SERVICE_UNAVAILABLE', 'The store cannot be reached; try again shortly', 5)
    }
    log.error('unhandled error', { route: c.req.routePath, error: error.name })
    return failure(c, 'INTERNAL_ERROR', 'Something went wrong on our side')
  })
  return app
}
