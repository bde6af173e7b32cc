/**
 * The POY Verify contract's enrolment and trust routes under `/v1` (shared/contracts/trust.ts): the same
 * keys, scopes and allowed origins (403), burst window and `X-RateLimit-*` headers as every API route,
 * answering Huma's JSON errors. Failure codes become statuses here and nowhere else.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { POY_VERIFY_PATH, REVOKE_ENROLLMENT_PATH, TRUST_PATH } from '../../shared/contracts/trust.ts'
import { readBody } from '../http/body.ts'
import { fail, readJson, respond, setHeader } from '../http/respond.ts'
import { apiKey, type ApiKeyOptions } from '../keys/auth.ts'
import type { TrustService } from './service.ts'
import '../keys/context.ts'

export interface TrustRouteOptions extends Pick<ApiKeyOptions, 'keys' | 'limits' | 'plans' | 'now'> {
  trust: TrustService
}

type Outcome = { ok: true; body: unknown } | { ok: false; code: Parameters<typeof fail>[1]; message: string }

const answer = (c: Context, outcome: Outcome) => {
  if (!outcome.ok) return fail(c, outcome.code, outcome.message)
  setHeader(c, 'Cache-Control', 'no-store')
  return respond(c, outcome.body, 200)
}

export function trustRoutes({ trust, keys, limits, plans, now }: TrustRouteOptions): Hono {
  const body = readBody({
    maxBytes: MAX_BODY_BYTES,
    onTooLarge: (c) => fail(c, 'PAYLOAD_TOO_LARGE', `the body must be at most ${MAX_BODY_BYTES} bytes`),
  })
  // POST /v1/verify is the `verify` scope's, as /api/v1/verify is; the trust score and revocation `trust`'s
  const verifying = apiKey({ keys, limits, plans, now, scope: 'verify' })
  const trusting = apiKey({ keys, limits, plans, now, scope: 'trust' })
  return new Hono()
    .post(POY_VERIFY_PATH, body, verifying, async (c) =>
      answer(c, await trust.verify(c.var.apiKey.id, await readJson(c))),
    )
    .get(TRUST_PATH, trusting, async (c) =>
      answer(c, await trust.trust(c.var.apiKey.id, { user_id: c.req.param('user_id') })),
    )
    .post(REVOKE_ENROLLMENT_PATH, body, trusting, async (c) =>
      answer(c, await trust.revoke(c.var.apiKey.id, await readJson(c))),
    )
}
