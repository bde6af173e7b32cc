/**
 * The demo: `GET /demo` is a sign-up page with the snippet and a `data-huma` form; `POST /demo/signup`
 * is the demo's "customer backend", which calls verify as a customer's backend would (but under no key:
 * its answers carry sandbox tokens and count toward nothing) and shows the whole response. Each address
 * gets DEMO_PER_MINUTE sign-ups a minute. `GET /huma.js` serves the built snippet.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { decodeSignals } from '../../shared/signals.ts'
import { fail, nodeIncoming } from '../http.ts'
import { SlidingWindows } from '../store/windows.ts'

export interface DemoOptions {
  /** whether the sign-up verifies; off, the page shows but a submit answers 503 */
  enabled: boolean
  /**
   * sends one verify request, without a key: in the app, to the demo's own verify route, which scores
   * for real and answers sandbox tokens counted toward nothing
   */
  callVerify: (req: Request) => Promise<Response>
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

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  input { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; }
  button { margin-top: 1.5rem; padding: .6rem 1.4rem; font: inherit; cursor: pointer; }
  pre { background: #f3f4f7; padding: 1rem; overflow: auto; }
  .note { color: #5b6478; font-size: .9rem; }
</style>
</head>
<body>
${body}
</body>
</html>
`

const SIGNUP = page(
  'Huma demo: sign up',
  `<h1>Sign up</h1>
<p class="note">This page includes the Huma snippet. It notes how you move, click, type and scroll — never what
you type — and the form below, marked <code>data-huma</code>, carries that evidence to this demo's backend,
which asks <code>POST /api/v1/verify</code> whether a person filled it in.</p>
<form data-huma method="post" action="/demo/signup">
  <label for="name">Name</label>
  <input id="name" name="name" autocomplete="name">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="email">
  <button type="submit">Sign up</button>
</form>
<script src="/huma.js" async></script>`,
)

function summary(signals: string | undefined): string {
  if (!signals) return 'The form carried no signals (is JavaScript off, or /huma.js not built?).'
  const decoded = decodeSignals(signals)
  if (!decoded.ok) return `The signals did not decode: ${escapeHtml(decoded.message)}.`
  const s = decoded.signals
  return (
    `The snippet sent ${s.moves.length} pointer moves, ${s.buttons.length} button events, ${s.keys.length} key ` +
    `events, ${s.scrolls.length} scroll events and ${s.page.length} page events (${signals.length} characters).`
  )
}

export function createDemoRoutes({
  enabled,
  callVerify,
  snippetPath,
  perMinute = DEMO_PER_MINUTE,
  clientOf = socketAddress,
  now = Date.now,
}: DemoOptions): Hono {
  const app = new Hono()
  // Addresses are counted in this process's memory only, and as a keyed hash under a key that dies with
  // it: never stored, never logged, and not one shared window a visitor could use up for the others.
  const visitors = new SlidingWindows()
  const addressKey = randomBytes(32)
  const visitorOf = (c: Context) =>
    createHmac('sha256', addressKey).update(clientOf(c)).digest('base64url').slice(0, 22)

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

  app.get('/demo', (c) => c.html(SIGNUP))

  app.post(
    '/demo/signup',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => fail(c, 'PAYLOAD_TOO_LARGE', 'the form is too large'),
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
      const form = await c.req.parseBody()
      const signals =
        typeof form.huma_signals === 'string' && form.huma_signals ? form.huma_signals : undefined
      // What a customer's backend sends: its own id for the user, the signals, and the action.
      const request = new Request(new URL('/api/v1/verify', c.req.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: `demo_${randomUUID()}`, signals, action: 'signup' }),
      })
      const response = await callVerify(request)
      const text = await response.text()
      let shown = text
      try {
        shown = JSON.stringify(JSON.parse(text), null, 2)
      } catch {
        // not JSON: show it as it came
      }
      c.header('Cache-Control', 'no-store')
      return c.html(
        page(
          'Huma demo: verify response',
          `<h1>Verify answered ${response.status}</h1>
<p id="evidence">${summary(signals)}</p>
<pre id="result">${escapeHtml(shown)}</pre>
<p><a href="/demo">Try again</a></p>`,
        ),
      )
    },
  )

  return app
}
