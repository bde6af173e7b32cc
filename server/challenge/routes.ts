/**
 * GET /challenge: a fresh proof-of-work challenge for the snippet (server/challenge/service.ts). Called by
 * browsers on customers' pages, so it needs no key and any origin may read it; it keeps nothing.
 * `?site=<key id>` asks for that key's own difficulty (a key id is not a secret: it names, never unlocks).
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Challenges } from './service.ts'
import { fail, respond, setHeader } from '../http/respond.ts'
import { mount } from '../openapi/route.ts'
import { challengeRouteDoc } from './openapi.ts'

const KEY_ID = /^key_[0-9A-Za-z]{16}$/

export function challengeRoute({
  challenges,
  now,
}: {
  challenges: Challenges
  now: () => number
}): OpenAPIHono {
  return mount(new OpenAPIHono(), challengeRouteDoc, async (c) => {
    setHeader(c, 'Cache-Control', 'no-store')
    setHeader(c, 'Access-Control-Allow-Origin', '*')
    const site = c.req.query('site')
    if (site !== undefined && !KEY_ID.test(site))
      return fail(c, 'INVALID_REQUEST', 'site must be a key id (key_ and 16 letters or digits)')
    return respond(c, await challenges.issue(now(), site), 200)
  })
}
