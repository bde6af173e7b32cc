/**
 * A customer's backend: a sign-up page that includes the Huma snippet, and a POST handler guarded by
 * the SDK's Hono middleware. This is all a customer writes; everything Huma-side is one script tag,
 * one `data-huma` attribute and one middleware.
 */
import { Hono } from 'hono'
import type Huma from 'huma/node'
import { blockedAnswer, type Outcome } from 'huma/guard'
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

/** What the visitor reads for each way a sign-up can be refused. */
const WHY: Record<Outcome, string> = {
  human: '',
  not_human: 'This sign-up looked automated.',
  uncertain: 'We could not tell that a person filled in the form (was JavaScript off?). Please try again.',
  bad_request: 'The form was incomplete: choose a username.',
  rate_limited: 'Too many attempts. Please wait a minute and try again.',
  unavailable: 'Sign-up is briefly unavailable. Please try again shortly.',
  misconfigured: 'Sign-up is not working right now; we have been told.',
}

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
      // Our own id for the user. Huma never stores it; it only hashes it for flood control.
      userId: async (c) => String((await c.req.parseBody()).username ?? ''),
      action: 'signup',
      // The default `signals` reads the huma_signals field the snippet added to the form. Only
      // `human: true` on evidence gets through; everything else lands in onBlocked (or onUncertain).
      onBlocked: (c, check) => {
        const { status } = blockedAnswer(check)
        return c.html(
          page(
            'Acme: not signed up',
            `<h1 id="verdict" data-allowed="false" data-outcome="${check.outcome}">Not signed up</h1>
<p>${esc(WHY[check.outcome])}</p><p><a href="/">Back</a></p>`,
          ),
          status,
        )
      },
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
          `<h1 id="verdict" data-allowed="true" data-outcome="${check.outcome}">Allowed</h1>
<p>Welcome, ${esc(String(form.username ?? ''))} (${esc(how)}).</p><p><a href="/">Back</a></p>`,
        ),
      )
    },
  )

  return app
}
