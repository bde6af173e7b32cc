/** GET /: what this server is, where to go next, and the first calls to make. */
import { SIGNALS_FIELD } from '../../shared/form.ts'
import { esc, page } from './layout.ts'

export interface HomeOptions {
  /** this server as the visitor reached it, e.g. http://localhost:8787 */
  origin: string
  /** the demo's sign-up works (it has a key) */
  demo: boolean
  /** /metrics is served */
  metrics: boolean
}

export function homePage({ origin, demo, metrics }: HomeOptions): string {
  const link = (href: string, title: string, what: string) =>
    `<li><a href="${esc(href)}"><strong>${title}</strong>${what}</a></li>`
  const links = [
    link(
      '/demo',
      'Try the demo',
      demo
        ? 'A sign-up form: fill it in and read the verdict.'
        : 'The demo sign-up is off on this server (HUMA_DEMO).',
    ),
    link('/docs', 'API reference', 'Every route, field and error code.'),
    link('/openapi.json', 'OpenAPI 3.1', 'The same, for code generators.'),
    link('/healthz', 'Health', '/healthz: the process is up. /readyz: the store answers too.'),
    ...(metrics ? [link('/metrics', 'Metrics', 'Prometheus: requests, latency, verdicts, the store.')] : []),
    link('#quick-start', 'Quick start', 'A key, one script tag, one call from your backend.'),
  ]
  const o = esc(origin)
  return page({
    title: 'Huma: human verification',
    body: `<h1>Huma</h1>
<p>This is a <strong>Huma</strong> server: open-source, self-hosted human verification. A small script on
your pages records <em>how</em> people move, type and scroll (timing and motion only, never what they type);
your backend sends that evidence here and gets back a verdict, <code>human</code> or not, with reasons.
No puzzles for people, and nothing kept about them.</p>
<ul class="links">
${links.join('\n')}
</ul>
<h2 id="quick-start">Quick start</h2>
<p>1. A key: the server printed a trial key at its first start, or make one where it runs:</p>
<pre>npm run huma -- keys create --plan trial</pre>
<p>2. On your page, the script, and <code>data-huma</code> on the form to check:</p>
<pre>&lt;script src="${o}/huma.js" async&gt;&lt;/script&gt;
&lt;form data-huma method="post" action="/signup"&gt;...&lt;/form&gt;</pre>
<p>3. From your backend, with the form's <code>${SIGNALS_FIELD}</code> field:</p>
<pre>curl -s ${o}/api/v1/verify \\
  -H "Authorization: Bearer $HUMA_KEY" -H 'Content-Type: application/json' \\
  -d '{"userId": "user_123", "signals": "...", "action": "signup"}'</pre>
<p>Or with the client package (<code>sdk/</code> in the Huma repository), which also guards routes in
Express, Next.js, Hono or plain <code>node:http</code>:</p>
<pre>import Huma from 'huma/node'
import { checkHuman } from 'huma/guard'

const huma = new Huma(process.env.HUMA_API_KEY, { baseUrl: '${o}' })
const check = await checkHuman(huma, { userId, signals: form.${SIGNALS_FIELD}, action: 'signup' })
if (!check.allowed) { /* 403 NOT_HUMAN, 403 HUMAN_CHECK_UNCERTAIN, ... */ }</pre>
<p class="note">Admit <code>human: true</code> only; a request with no or too little evidence
(<code>NO_SIGNALS</code>, <code>TOO_FEW_EVENTS</code>) is uncertain and blocked unless you choose otherwise.
The full guides are in the repository's <code>docs/</code>: <code>integration.md</code>, <code>api.md</code>,
<code>snippet.md</code>.</p>`,
  })
}
