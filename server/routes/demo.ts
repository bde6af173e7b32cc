/**
 * The demo: `GET /demo` is a sign-up page with the snippet and a `data-huma` form; `POST /demo/signup`
 * is the demo's "customer backend", which calls verify with the demo key exactly as a customer's
 * backend would and shows the answer in words, with the whole response below. `GET /huma.js` serves
 * the built snippet. The pages themselves are in server/pages/.
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { decodeSignals } from '../../shared/signals.ts'
import { fail } from '../http.ts'
import { esc } from '../pages/layout.ts'
import { resultPage, SIGNUP_PAGE } from '../pages/demo.ts'

export interface DemoOptions {
  /** the API key the demo backend sends to verify; null shows the page but refuses to submit */
  demoKey: string | null
  /** sends one verify request (in the app: `(req) => app.request(req)`) */
  callVerify: (req: Request) => Promise<Response>
  /** the built snippet, dist/huma.js */
  snippetPath: string
}

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

export function createDemoRoutes({ demoKey, callVerify, snippetPath }: DemoOptions): Hono {
  const app = new Hono()

  app.get('/huma.js', async (c) => {
    let code: Buffer
    try {
      code = await readFile(snippetPath)
    } catch {
      return fail(c, 'NOT_FOUND', 'the snippet is not built: run npm run build')
    }
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=300')
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Cross-Origin-Resource-Policy', 'cross-origin')
    return c.body(new Uint8Array(code))
  })

  app.get('/demo', (c) => c.html(SIGNUP_PAGE))

  app.post(
    '/demo/signup',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => fail(c, 'PAYLOAD_TOO_LARGE', 'the form is too large'),
    }),
    async (c) => {
      if (!demoKey) return fail(c, 'SERVICE_UNAVAILABLE', 'the demo has no API key configured')
      const form = await c.req.parseBody()
      const signals =
        typeof form.huma_signals === 'string' && form.huma_signals ? form.huma_signals : undefined
      // What a customer's backend sends: its own id for the user, the signals, and the action.
      const request = new Request(new URL('/api/v1/verify', c.req.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${demoKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: `demo_${randomUUID()}`, signals, action: 'signup' }),
      })
      const response = await callVerify(request)
      c.header('Cache-Control', 'no-store')
      return c.html(
        resultPage({ status: response.status, text: await response.text(), evidence: summary(signals) }),
      )
    },
  )

  return app
}
