/** GET /challenge as a route of the OpenAPI document (server/openapi/route.ts). */
import { z } from 'zod'
import { SERVER_ERRORS } from '../openapi/operations.ts'
import { defineRoute } from '../openapi/route.ts'

/** A challenge, as GET /challenge answers it. */
export const challengeSchema = z.object({ c: z.string(), b: z.number().int() })

export const challengeRouteDoc = defineRoute({
  method: 'get',
  path: '/challenge',
  operationId: 'challenge',
  tag: 'Snippet and demo',
  summary: 'A proof-of-work challenge for the snippet',
  description:
    'Fetched by the snippet from the server it was loaded from; it solves it in idle time and sends challenge ' +
    'and solution in the signals (`p`). Valid 10 minutes, usable once. Not served when HUMA_CHALLENGE=off. ' +
    "Query `site=<key id>` asks for that key's own difficulty (`huma keys challenge-bits`); verify under " +
    'that key refuses an easier proof with CHALLENGE_FAILED.',
  auth: false,
  ok: {
    description: 'a fresh challenge',
    mediaType: 'application/json',
    schema: {
      name: 'Challenge',
      schema: challengeSchema,
      io: 'output',
      fields: {
        c: 'the challenge: expiry, difficulty, nonce and a MAC, to be sent back with its solution',
        b: 'leading zero bits that SHA-256 of `<c>:<n>` must have for a solution n',
      },
    },
    example: { c: '1795000000.12.Xq3vJ0bq9GkqGQm2r8e4Ww.pR1xk0sL2fN8vTq4aY6bCw', b: 12 },
  },
  errors: ['INVALID_REQUEST', ...SERVER_ERRORS],
})
