/**
 * GET /api/v1/limits: the caller's limit state, under the same key, burst window and headers as
 * verify. The burst window counts this call (as every /api/v1 call); the month counts verifications
 * only, so asking does not use one up.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { respond, setHeader } from '../http/respond.ts'
import '../keys/context.ts'
import { mount } from '../openapi/route.ts'
import { limitsRouteDoc } from './openapi.ts'
import type { LimitsResponse } from './schema.ts'
import { monthOf, msToNextMonth, type Limits } from './service.ts'

export function limitsRoute({
  limits,
  now,
}: {
  limits: Pick<Limits, 'used'>
  now: () => number
}): OpenAPIHono {
  return mount(new OpenAPIHono(), limitsRouteDoc, async (c) => {
    const { apiKey: key, plan, burst } = c.var
    const time = now()
    const month = monthOf(time)
    const used = await limits.used(key.id, month)
    const remaining = Math.max(0, plan.perMonth - used)
    const counted = key.mode === 'live'
    // as verify sends them: live keys only (a sandbox key's calls count toward no month)
    if (counted) {
      setHeader(c, 'X-Quota-Limit', String(plan.perMonth))
      setHeader(c, 'X-Quota-Remaining', String(remaining))
    }
    setHeader(c, 'Cache-Control', 'no-store')
    const body: LimitsResponse = {
      key_id: key.id,
      plan: key.plan,
      mode: key.mode,
      burst: { limit: burst.limit, remaining: burst.remaining, reset_s: Math.ceil(burst.resetMs / 1000) },
      month: {
        month,
        limit: plan.perMonth,
        used,
        remaining,
        counted,
        resets_at: new Date(time + msToNextMonth(time)).toISOString(),
      },
      trial_ends_at: key.trialEndsAt === null ? null : new Date(key.trialEndsAt).toISOString(),
    }
    return respond(c, body, 200)
  })
}
