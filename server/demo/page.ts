/** The demo's two pages: the sign-up form, and the verify answer in words (with the raw JSON below). */
import type { Reason } from '../../shared/reasons.ts'
import { esc, page } from '../pages/layout.ts'
import { REASON_TEXT } from '../pages/reasons.ts'
import { HUMAN_THRESHOLD } from '../../shared/verdict.ts'

export const SIGNUP_PAGE = page({
  title: 'Huma demo: sign up',
  body: `<p class="muted"><a href="/">Huma</a> / demo</p>
<h1>Sign up</h1>
<p class="note">This page includes the Huma snippet. It notes how you move, click, type and scroll (never
what you type), and the form below, marked <code>data-huma</code>, carries that evidence to this demo's
backend, which asks <code>POST /api/v1/verify</code> whether a person filled it in.</p>
<form data-huma method="post" action="/demo/signup">
  <label for="name">Name</label>
  <input id="name" name="name" autocomplete="name">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="email">
  <button type="submit">Sign up</button>
</form>
<script src="/huma.js" async></script>`,
})

interface Verdict {
  human: boolean
  confidence: number
  token: string
  reasons: Reason[]
}

const isVerdict = (body: unknown): body is Verdict =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as Verdict).human === 'boolean' &&
  typeof (body as Verdict).confidence === 'number' &&
  typeof (body as Verdict).token === 'string' &&
  Array.isArray((body as Verdict).reasons)

/** The same reading as the client's guard: too little evidence is uncertain, whatever `human` says. */
function headline(v: Verdict): { kind: string; title: string } {
  if (v.reasons.includes('NO_SIGNALS') || v.reasons.includes('TOO_FEW_EVENTS'))
    return { kind: 'uncertain', title: 'Not enough evidence to tell' }
  return v.human
    ? { kind: 'human', title: 'A person filled this in' }
    : { kind: 'not_human', title: 'This looked automated' }
}

/** `eyJhbGciOi…Q2x9`: enough to tell tokens apart, short enough for a phone. */
const abbreviate = (token: string) => (token.length > 24 ? `${token.slice(0, 12)}…${token.slice(-8)}` : token)

const AUTOMATION_NOTE = `<p class="note">Automated browsers (Playwright, Puppeteer, Selenium, headless Chrome) announce
themselves and are flagged as bots (<code>AUTOMATION_FLAG</code>) however human their movements: if you
are trying this page from a test script, that is why.</p>`

export interface ResultPageInput {
  /** the status verify answered */
  status: number
  /** its body as text */
  text: string
  /** what the snippet sent, in a sentence */
  evidence: string
}

export function resultPage({ status, text, evidence }: ResultPageInput): string {
  let body: unknown = null
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: shown as it came, below
  }
  const raw = body === null ? text : JSON.stringify(body, null, 2)
  let summary: string
  if (status === 200 && isVerdict(body)) {
    const { kind, title } = headline(body)
    const reasons = body.reasons
      .map(
        (r) =>
          `<li><code>${esc(r)}</code>: ${esc(REASON_TEXT[r] ?? 'a reason this page does not know yet.')}</li>`,
      )
      .join('\n')
    summary = `<div class="verdict ${kind}" id="verdict" data-kind="${kind}">
<h1>${title}</h1>
<p>Confidence <strong>${body.confidence}</strong> <span class="muted">(0 is a bot, 1 a person, ${HUMAN_THRESHOLD} no evidence either way)</span></p>
</div>
<h2>Why</h2>
<ul class="reasons" id="reasons">
${reasons || '<li>Huma gave no reasons.</li>'}
</ul>
<h2>Audit token</h2>
<p class="note">A signed record of this verdict; a backend can check it later with
<code>POST /api/v1/tokens/verify</code>.</p>
<p class="token"><code id="token" title="the token, abbreviated">${esc(abbreviate(body.token))}</code>
<button type="button" class="small" data-copy="${esc(body.token)}">Copy token</button></p>`
  } else {
    const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
    const code = typeof error.error === 'string' ? error.error : `HTTP ${status}`
    const message = typeof error.message === 'string' ? error.message : 'verify did not answer as expected'
    summary = `<div class="verdict error" id="verdict" data-kind="error">
<h1>No verdict this time</h1>
<p><code>${esc(code)}</code>: ${esc(message)}</p>
</div>`
  }
  return page({
    title: 'Huma demo: the verdict',
    scripts: ['/assets/copy.js'],
    body: `<p class="muted"><a href="/">Huma</a> / <a href="/demo">demo</a> / verdict</p>
${summary}
${AUTOMATION_NOTE}
<p id="evidence" class="note">${evidence}</p>
<p><a href="/demo">Try again</a></p>
<details><summary>The whole response (HTTP ${status})</summary>
<pre id="result" class="wrap">${esc(raw)}</pre>
</details>`,
  })
}
