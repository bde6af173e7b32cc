/** GET /huma.js, GET /demo and POST /demo/signup as routes of the OpenAPI document (server/openapi/route.ts). */
import { z } from 'zod'
import { SIGNALS_FIELD } from '../../shared/form.ts'
import { ERROR_EXAMPLES, SIGNALS } from '../openapi/examples.ts'
import { defineRoute } from '../openapi/route.ts'

/** The demo's sign-up form, as its page posts it. */
export const demoSignupFormSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  [SIGNALS_FIELD]: z.string().optional(),
})

export const snippetRoute = defineRoute({
  method: 'get',
  path: '/huma.js',
  operationId: 'snippet',
  tag: 'Snippet and demo',
  summary: 'The browser snippet',
  description: `Include it with \`<script src=".../huma.js" async>\`; it fills the \`${SIGNALS_FIELD}\` field of \`data-huma\` forms.`,
  auth: false,
  ok: { description: 'the built snippet', mediaType: 'text/javascript' },
  errors: ['NOT_FOUND'],
  errorNotes: {
    NOT_FOUND: { when: 'the snippet is not built (npm run build)', message: ERROR_EXAMPLES.NOT_FOUND },
  },
})

export const demoPageRoute = defineRoute({
  method: 'get',
  path: '/demo',
  operationId: 'demoPage',
  tag: 'Snippet and demo',
  summary: 'The demo sign-up page',
  description: 'A page with the snippet and a `data-huma` form that posts to /demo/signup.',
  auth: false,
  ok: { description: 'the page', mediaType: 'text/html' },
  errors: [],
})

export const demoSignupRoute = defineRoute({
  method: 'post',
  path: '/demo/signup',
  operationId: 'demoSignup',
  tag: 'Snippet and demo',
  summary: "The demo's backend",
  description:
    'Calls verify as a customer backend would, but under no key (its tokens are sandbox tokens that ' +
    'count toward nothing; 10 sign-ups a minute per address), and shows the verdict in words: each ' +
    'reason explained, the audit token with a copy button, and the whole response.',
  auth: false,
  request: {
    mediaType: 'application/x-www-form-urlencoded',
    schema: {
      name: 'DemoSignupForm',
      schema: demoSignupFormSchema,
      io: 'input',
      fields: { [SIGNALS_FIELD]: 'filled by the snippet on submit' },
    },
    example: { name: 'Ada', email: 'ada@example.com', [SIGNALS_FIELD]: SIGNALS },
  },
  ok: { description: 'a page showing the verify response', mediaType: 'text/html' },
  errors: ['PAYLOAD_TOO_LARGE', 'BURST_LIMIT_EXCEEDED', 'SERVICE_UNAVAILABLE'],
  errorNotes: {
    PAYLOAD_TOO_LARGE: { when: 'the form is over 64 KB', message: 'the form is too large' },
    BURST_LIMIT_EXCEEDED: {
      when: 'the 11th sign-up within a minute from one address',
      message: 'the demo allows 10 sign-ups a minute from one address',
    },
    SERVICE_UNAVAILABLE: {
      when: 'the demo sign-up is off (HUMA_DEMO)',
      message: 'the demo sign-up is turned off (HUMA_DEMO)',
    },
  },
})
