/**
 * A customer's backend: a sign-up page that includes the Huma snippet, and a POST handler guarded by
 * the SDK's Hono middleware. This is all a customer writes; everything Huma-side is one script tag,
 * one `data-huma` attribute and one middleware.
 */
import { Hono } from 'hono'
import type Huma from 'huma/node'
import { humaGuard } from 'huma/hono'

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin-top:1rem}input{width:100%;padding:.4rem;font:inherit}button{margin-top:1.2rem;padding:.5rem 1.2rem;font:inherit}</style>
</head><body>${body}</body></html>
`

export interface CustomerAppOptions {
  /** the SDK client, holding the secret key (server side only) */
  huma: Huma
  /** where browsers load the snippet from: the Huma server's public URL */
  humaPublicUrl: string
}

export function customerApp({ huma, humaPublicUrl }: CustomerAppOptions): Hono {
  const app = new Hono()

  app.get('/', (c) =>
    c.html(
      page(
        'Acme: sign up',
        `<h1>Create your Acme account</h1>
<form data-huma method="post" action="/signup">
  <label>Username <input name="username" autocomplete="username" required></label>
  <label>Email <input name="email" type="email" autocomplete="email"></label>
  <button type="submit">Sign up</button>
</form>
<script src="${esc(humaPublicUrl)}/huma.js" async></script>`,
      ),
    ),
  )

  app.post(
    '/signup',
    humaGuard({
      client: huma,
      minConfidence: 0.5,
      // Our own id for the user. Huma never stores it; it only hashes it for flood control.
      userId: async (c) => String((await c.req.parseBody()).username ?? ''),
      action: 'signup',
      // the default `signals` reads the huma_signals field the snippet added to the form
      onBlocked: (c, check) =>
        c.html(
          page(
            'Acme: blocked',
            `<h1 id="verdict" data-allowed="false">Blocked</h1>
<p>This sign-up looked automated${check.result ? ` (confidence ${check.result.confidence})` : ''}.</p><p><a href="/">Back</a></p>`,
          ),
          403,
        ),
    }),
    async (c) => {
      const form = await c.req.parseBody()
      const check = c.get('huma')
      const how = check.result
        ? `confidence ${check.result.confidence}`
        : `Huma unavailable (${check.error?.code}): let through`
      return c.html(
        page(
          'Acme: welcome',
          `<h1 id="verdict" data-allowed="true">Allowed</h1>
<p>Welcome, ${esc(String(form.username ?? ''))} (${esc(how)}).</p><p><a href="/">Back</a></p>`,
        ),
      )
    },
  )

  return app
}
