/** GET /challenge in the OpenAPI document, beside its route. */
import { z } from 'zod'
import { defineFeatureDocs } from '../openapi/feature.ts'
import { SERVER_ERRORS } from '../openapi/operations.ts'

/** A challenge, as GET /challenge answers it. */
export const challengeSchema = z.object({ c: z.string(), b: z.number().int() })

export const challengeDocs = defineFeatureDocs({
  schemas: { Challenge: { schema: challengeSchema, io: 'output' } },
  operations: [
    {
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
      ok: { description: 'a fresh challenge', mediaType: 'application/json', schema: 'Challenge' },
      errors: ['INVALID_REQUEST', ...SERVER_ERRORS],
    },
  ],
  examples: {
    challenge: { response: { c: '1795000000.12.Xq3vJ0bq9GkqGQm2r8e4Ww.pR1xk0sL2fN8vTq4aY6bCw', b: 12 } },
  },
  fieldDocs: {
    Challenge: {
      c: 'the challenge: expiry, difficulty, nonce and a MAC, to be sent back with its solution',
      b: 'leading zero bits that SHA-256 of `<c>:<n>` must have for a solution n',
    },
  },
})
