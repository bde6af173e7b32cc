/**
 * The demo: `GET /demo` is a sign-up page with the snippet and a `data-huma` form; `POST /demo/signup`
 * is the demo's "customer backend", which sends what a customer's backend sends to the verify service
 * (server/verify/service.ts, called directly, under no key: its answers carry sandbox tokens and count
 * toward nothing) and shows the answer in words, with the whole
 * response below. Each address gets DEMO_PER_MINUTE sign-ups a minute. `GET /huma.js` serves the built
 * snippet. The pages themselves are in server/pages/.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Context } from 'hono'
import { OpenAPIHono } from '@hono/zod-openapi'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { ERROR_STATUS } from '../../shared/errors.ts'
import type { Scope } from '../../shared/keys.ts'
import { decodeSignals } from '../../shared/signals.ts'
import { readBody } from '../http/body.ts'
import { fail, html, nodeIncoming, readForm, send, setHeader } from '../http/respond.ts'
import { esc } from '../pages/layout.ts'
import { resultPage, SIGNUP_PAGE } from './page.ts'
import { SlidingWindows } from '../limits/windows.ts'
import type { Caller, VerifyOutcome } from '../verify/service.ts'
import { SIGNALS_FIELD } from '../../shared/form.ts'
import { mount } from '../openapi/route.ts'
import { demoPageRoute, demoSignupRoute, snippetRoute } from './openapi.ts'

export interface DemoOptions {
  /** whether the sign-up verifies; off, the page shows but a submit answers 503 */
  enabled: boolean
  /**
   * one verify call, without a key: in the app, the demo's own verify service (server/app.ts), which
   * scores for real and answers sandbox tokens counted toward nothing
   */
  verify: (request: DemoVerifyRequest) => Promise<VerifyOutcome>
  /** the built snippet, dist/huma.js */
  snippetPath: string
  /** sign-ups one client may make a minute */
  perMinute?: number
  /** who is asking: the connection's address (tests give their own) */
  clientOf?: (c: Context) => string
  now?: () => number
}

/** Sign-ups a minute from one address: a person trying the demo, not a script minting answers. */
export const DEMO_PER_MINUTE = 10
const MINUTE_MS = 60_000

const socketAddress = (c: Context) => nodeIncoming(c)?.socket.remoteAddress ?? 'unknown'

function summary(signals: string | undefined): string {
  if (!signals) return 'The form carried no signals (is JavaScript off, or /huma.js not built?).'
  const decoded = decodeSignals(signals)
  if (!decoded.ok) return `The signals did not decode: ${esc(decoded.message)}.`
  const s = decoded.signals
  return (
    `The snippet sent ${s.moves.length} pointer moves, ${s.buttons.length} button events, ${s.keys.length} key ` +
    `events, ${s.scrolls.length} scroll events and ${s.page.length} page events (${signals.length} characters).`
  )
}

/** What a customer's backend sends: its own id for the user, the signals (when any), and the action. */
export interface DemoVerifyRequest {
  userId: string
  signals?: string
  action: string
}

/** Who the demo's verify calls are made by: no key of the store, so its tokens name `demo` as key_id. */
export const DEMO_CALLER: Caller = Object.freeze({
  key: Object.freeze({
    id: 'demo',
    hash: '',
    mode: 'live',
    plan: 'demo',
    name: 'demo',
    createdAt: 0,
    trialEndsAt: null,
    revokedAt: null,
    scopes: ['verify'] as Scope[],
    allowedOrigins: [] as string[],
  }),
  plan: Object.freeze({ perMinute: 0, perMonth: 0 }),
})

export function createDemoRoutes({
  enabled,
  verify,
  snippetPath,
  perMinute = DEMO_PER_MINUTE,
  clientOf = socketAddress,
  now = Date.now,
}: DemoOptions): OpenAPIHono {
  const app = new OpenAPIHono()
  // Addresses are counted in this process's memory only, and as a keyed hash under a key that dies with
  // it: never stored, never logged, and not one shared window a visitor could use up for the others.
  const visitors = new SlidingWindows()
  const addressKey = randomBytes(32)
  const visitorOf = (c: Context) =>
    createHmac('sha256', addressKey).update(clientOf(c)).digest('base64url').slice(0, 22)

  mount(app, snippetRoute, async (c) => {
    let code: Buffer
    try {
      code = await readFile(snippetPath)
    } catch {
      return fail(c, 'NOT_FOUND', 'the snippet is not built: run npm run build')
    }
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    setHeader(c, 'X-Content-Type-Options', 'nosniff')
    setHeader(c, 'Cross-Origin-Resource-Policy', 'cross-origin')
    return send(c, new Uint8Array(code), 'text/javascript; charset=utf-8')
  })

  mount(app, demoPageRoute, (c) => html(c, SIGNUP_PAGE))

  mount(
    app,
    demoSignupRoute,
    readBody({
      maxBytes: MAX_BODY_BYTES,
      onTooLarge: (c) => fail(c, 'PAYLOAD_TOO_LARGE', 'the form is too large'),
    }),
    async (c) => {
      if (!enabled) return fail(c, 'SERVICE_UNAVAILABLE', 'the demo sign-up is turned off (HUMA_DEMO)')
      const visit = visitors.hit(visitorOf(c), perMinute, MINUTE_MS, now())
      if (!visit.ok) {
        return fail(
          c,
          'BURST_LIMIT_EXCEEDED',
          `the demo allows ${perMinute} sign-ups a minute from one address`,
          visit.resetMs / 1000,
        )
      }
      const field = (await readForm(c))?.get(SIGNALS_FIELD)
      const signals = typeof field === 'string' && field ? field : undefined
      const outcome = await verify({
        userId: `demo_${randomUUID()}`,
        ...(signals === undefined ? {} : { signals }),
        action: 'signup',
      })
      // the page shows the answer verify would have given over HTTP: its status and its JSON
      const status = outcome.ok ? 200 : ERROR_STATUS[outcome.code]
      const body = outcome.ok ? outcome.body : { error: outcome.code, message: outcome.message }
      setHeader(c, 'Cache-Control', 'no-store')
      return html(c, resultPage({ status, text: JSON.stringify(body), evidence: summary(signals) }))
    },
  )

  return app
}
