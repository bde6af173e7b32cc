/**
 * GET /challenge: a fresh proof-of-work challenge for the snippet (server/challenge/service.ts). Called by
 * browsers on customers' pages, so it needs no key and any origin may read it; it keeps nothing.
 */
import { Hono } from 'hono'
import type { Challenges } from './service.ts'
import { respond, setHeader } from '../http/respond.ts'

export function challengeRoute({ challenges, now }: { challenges: Challenges; now: () => number }): Hono {
  return new Hono().get('/challenge', async (c) => {
    setHeader(c, 'Cache-Control', 'no-store')
    setHeader(c, 'Access-Control-Allow-Origin', '*')
    return respond(c, await challenges.issue(now()), 200)
  })
}
