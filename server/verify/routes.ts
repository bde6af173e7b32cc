/** POST /api/v1/verify: the verdict on one user's behaviour, under the caller's key and plan. */
import { Hono } from 'hono'
import { fail, readJson, respond, setHeader } from '../http/respond.ts'
import '../keys/context.ts'
import type { VerifyService } from './service.ts'

export function verifyRoute({ verify }: { verify: VerifyService }): Hono {
  return new Hono().post('/api/v1/verify', async (c) => {
    const outcome = await verify.verify({ key: c.var.apiKey, plan: c.var.plan }, await readJson(c))
    if (outcome.quota) {
      setHeader(c, 'X-Quota-Limit', String(outcome.quota.limit))
      setHeader(c, 'X-Quota-Remaining', String(outcome.quota.remaining))
    }
    if (!outcome.ok) return fail(c, outcome.code, outcome.message, outcome.retryAfterS)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, outcome.body, 200)
  })
}
