/**
 * The POY Verify contract's enrolment and trust routes under `/v1` (shared/contracts/trust.ts): the same
 * keys, scopes and allowed origins (403), burst window and `X-RateLimit-*` headers as every API route,
 * answering Huma's JSON errors. Failure codes become statuses here and nowhere else.
 */
import type { Context } from 'hono'
import { OpenAPIHono } from '@hono/zod-openapi'
import { readApiBody } from '../http/body.ts'
import { fail, readJson, respond, setHeader } from '../http/respond.ts'
import { apiKey, type ApiKeyOptions } from '../keys/auth.ts'
import type { TrustService } from './service.ts'
import '../keys/context.ts'
import { mount } from '../openapi/route.ts'
import { poyVerifyRoute, revokeEnrollmentRoute, trustScoreRoute } from './openapi.ts'

export interface TrustRouteOptions extends Pick<ApiKeyOptions, 'keys' | 'limits' | 'plans' | 'now'> {
  trust: TrustService
}

type Outcome = { ok: true; body: unknown } | { ok: false; code: Parameters<typeof fail>[1]; message: string }

const answer = (c: Context, outcome: Outcome) => {
  if (!outcome.ok) return fail(c, outcome.code, outcome.message)
  setHeader(c, 'Cache-Control', 'no-store')
  return respond(c, outcome.body, 200)
}

export function trustRoutes({ trust, keys, limits, plans, now }: TrustRouteOptions): OpenAPIHono {
  const body = readApiBody()
  // POST /v1/verify is the `verify` scope's, as /api/v1/verify is; the trust score and revocation `trust`'s
  const verifying = apiKey({ keys, limits, plans, now, scope: 'verify' })
  const trusting = apiKey({ keys, limits, plans, now, scope: 'trust' })
  const app = new OpenAPIHono()
  mount(app, poyVerifyRoute, body, verifying, async (c) =>
    answer(c, await trust.verify(c.var.apiKey.id, await readJson(c))),
  )
  mount(app, trustScoreRoute, trusting, async (c) =>
    answer(c, await trust.trust(c.var.apiKey.id, { user_id: c.req.param('user_id') })),
  )
  return mount(app, revokeEnrollmentRoute, body, trusting, async (c) =>
    answer(c, await trust.revoke(c.var.apiKey.id, await readJson(c))),
  )
}
