/**
 * The dashboard's pages, rendered on the server with the escaping html helper: no inline script or style
 * (the layout's strict policy forbids them), one stylesheet (/assets/site.css), the copy button's script.
 * Every form that changes something carries the session's CSRF token.
 */
import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { ApiKeyRecord } from '../keys/store.ts'
import type { SigningKeyRecord } from '../secrets/store.ts'
import type { DeliveryView, WebhookConfigView } from '../webhooks/service.ts'
import type { KeySettings } from '../hosted/store/types.ts'
import type { AuditEntry } from './store.ts'
import { barChart, type Bar } from './chart.ts'
import { accessFields, accessForm, describeOrigins } from './key-access.ts'

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>

const NAV = [
  ['/admin', 'Keys'],
  ['/admin/usage', 'Usage'],
  ['/admin/verdicts', 'Verdicts'],
  ['/admin/webhooks', 'Webhooks'],
  ['/admin/hosted', 'Hosted check'],
  ['/admin/hosted/sessions', 'Hosted sessions'],
  ['/admin/identity', 'Identity checks'],
  ['/admin/identity/review', 'Review queue'],
  ['/admin/signing', 'Signing keys'],
  ['/admin/audit', 'Audit log'],
] as const

/**
 * A table that stacks into label/value rows on a phone (each cell's `data-label`), or says `empty` when
 * there are no rows.
 */
export function table(headers: readonly string[], rows: readonly Html[], empty: string): Html {
  return html`<div class="table-wrap">
    <table class="stack">
      <thead>
        <tr>
          ${headers.map((h) => html`<th>${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length === 0
            ? html`<tr>
                <td colspan="${headers.length}">${empty}</td>
              </tr>`
            : rows
        }
      </tbody>
    </table>
  </div>`
}

export const day = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10))

export function layout(title: string, body: Html, opts: { csrf?: string; path?: string } = {}): Html {
  const nav =
    opts.csrf === undefined
      ? ''
      : html`<nav class="admin-nav" aria-label="Dashboard">
          <ul>
            ${NAV.map(
              ([href, label]) =>
                html`<li>
                  <a href="${href}" ${opts.path === href ? raw('aria-current="page"') : ''}>${label}</a>
                </li>`,
            )}
          </ul>
          <form method="post" action="/admin/logout">
            <input type="hidden" name="_csrf" value="${opts.csrf}" />
            <button class="small" type="submit">Log out</button>
          </form>
        </nav>`
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Huma dashboard</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <script src="/assets/copy.js" defer></script>
      </head>
      <body class="admin">
        <header class="admin-header"><strong>Huma</strong> dashboard</header>
        ${nav}
        <main>${body}</main>
      </body>
    </html>`
}

export function loginPage(message?: string): Html {
  return layout(
    'Log in',
    html`<h1>Log in</h1>
      ${message ? html`<p class="error" role="alert">${message}</p>` : ''}
      <form method="post" action="/admin/login">
        <label for="token">Operator token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required />
        <p class="note">HUMA_ADMIN_TOKEN, or a token made by <code>huma admin token create</code>.</p>
        <button type="submit">Log in</button>
      </form>`,
  )
}

function keyStatus(key: ApiKeyRecord, now: number): string {
  if (key.revokedAt !== null) return 'revoked'
  if (key.trialEndsAt !== null && now >= key.trialEndsAt) return 'trial ended'
  return 'active'
}

export interface KeysView {
  keys: ApiKeyRecord[]
  plans: string[]
  csrf: string
  now: number
  /** the key just created, shown this once */
  created?: { id: string; key: string }
  message?: string
}

export function keysPage(v: KeysView): Html {
  const planOptions = (current?: string) =>
    v.plans.map((p) => html`<option value="${p}" ${p === current ? raw('selected') : ''}>${p}</option>`)
  const created = v.created
    ? html`<section class="created" aria-live="polite">
        <h2>Key ${v.created.id} created</h2>
        <p>Copy it now: it is shown once and never stored.</p>
        <p class="token">
          <code id="new-key">${v.created.key}</code>
          <button class="small" type="button" data-copy="${v.created.key}">Copy</button>
        </p>
      </section>`
    : ''
  const rows = v.keys.map((k) => {
    const status = keyStatus(k, v.now)
    return html`<tr>
      <td data-label="Name">${k.name ?? ''}</td>
      <td data-label="Id"><code>${k.id}</code></td>
      <td data-label="Mode">${k.mode}</td>
      <td data-label="Plan">${k.plan}</td>
      <td data-label="Scopes">${k.scopes.join(', ')}</td>
      <td data-label="Origins">${describeOrigins(k.allowedOrigins)}</td>
      <td data-label="Created">${day(k.createdAt)}</td>
      <td data-label="Trial ends">${day(k.trialEndsAt)}</td>
      <td data-label="Status">${status}</td>
      <td data-label="Actions">
        ${
          status === 'revoked'
            ? ''
            : html`<form method="post" action="/admin/keys/${k.id}/plan" class="inline">
                  <input type="hidden" name="_csrf" value="${v.csrf}" />
                  <label class="sr-only" for="plan-${k.id}">Plan of ${k.id}</label>
                  <select id="plan-${k.id}" name="plan">
                    ${planOptions(k.plan)}
                  </select>
                  <button class="small" type="submit">Change plan</button>
                </form>
                <form method="post" action="/admin/keys/${k.id}/revoke" class="inline">
                  <input type="hidden" name="_csrf" value="${v.csrf}" />
                  <button class="small danger" type="submit">
                    Revoke<span class="sr-only"> ${k.id}</span> (verify answers 401 at once)
                  </button>
                </form>
                ${accessForm(k, v.csrf)}`
        }
      </td>
    </tr>`
  })
  return html`<h1>Keys</h1>
    ${v.message ? html`<p class="error" role="alert">${v.message}</p>` : ''} ${created}
    ${table(
      ['Name', 'Id', 'Mode', 'Plan', 'Scopes', 'Origins', 'Created', 'Trial ends', 'Status', 'Actions'],
      rows,
      'No keys yet.',
    )}
    <h2>Create a key</h2>
    <form method="post" action="/admin/keys">
      <input type="hidden" name="_csrf" value="${v.csrf}" />
      <label for="name">Name</label>
      <input id="name" name="name" maxlength="64" />
      <label for="plan">Plan</label>
      <select id="plan" name="plan">
        ${planOptions('trial')}
      </select>
      <label class="check"><input type="checkbox" name="test" value="1" /> Sandbox key (huma_test_…)</label>
      ${accessFields('new')}
      <button type="submit">Create key</button>
    </form>`
}

export interface UsageView {
  month: string
  rows: {
    id: string
    name: string | null
    used: number
    limit: number | null
    /** content stamps made this month, and the plan's stamps a month */
    stamps: number
    stampLimit: number | null
    /** the burst window now: free slots of the plan's per-minute limit; null for a revoked key */
    burst: { free: number; perMinute: number; resetMs: number } | null
  }[]
  /** per month, oldest first: verifications counted over all keys */
  history: Bar[]
}

export function usagePage(v: UsageView): Html {
  const rows = v.rows.map(
    (r) =>
      html`<tr>
        <td data-label="Key"><code>${r.id}</code> ${r.name ?? ''}</td>
        <td data-label="Used">${r.used}</td>
        <td data-label="Plan limit">${r.limit ?? '?'}</td>
        <td data-label="Share">
          <meter min="0" max="${r.limit ?? 1}" value="${r.used}" aria-label="${r.id} used of its plan">
            ${r.used}
          </meter>
        </td>
        <td data-label="Stamps">${r.stamps} of ${r.stampLimit ?? '?'}</td>
        <td data-label="Burst headroom">${burstCell(r.burst)}</td>
      </tr>`,
  )
  return html`<h1>Usage</h1>
    <p>
      Verifications and content stamps counted toward each live key's month (${v.month}, UTC), against its
      plan, and its burst headroom: the calls it may still make in the sliding minute, read from the live
      window without using one.
    </p>
    ${table(['Key', 'Used', 'Plan limit', 'Share', 'Stamps', 'Burst headroom'], rows, 'No keys yet.')}
    <h2>Verifications a month, all keys</h2>
    ${raw(barChart(v.history, 'Verifications counted per month, all keys'))}`
}

function burstCell(burst: UsageView['rows'][number]['burst']): Html | string {
  if (!burst) return '–'
  const { free, perMinute, resetMs } = burst
  const frees =
    resetMs > 0 ? html`<span class="note"> (a slot frees in ${Math.ceil(resetMs / 1000)} s)</span>` : ''
  return html`<span>${free} of ${perMinute} a minute free${frees}</span>`
}

export function signingPage(keys: SigningKeyRecord[], csrf: string): Html {
  const newest = keys.at(-1)?.kid
  return html`<h1>Signing keys</h1>
    <p>
      Audit tokens are signed with the newest key and checked against every key listed here (and in the JWKS).
    </p>
    ${table(
      ['Key id', 'Created', 'Role', 'Actions'],
      keys.map(
        (k) =>
          html`<tr>
            <td data-label="Key id"><code>${k.kid}</code></td>
            <td data-label="Created">${day(k.createdAt)}</td>
            <td data-label="Role">${k.kid === newest ? 'signs and verifies' : 'verifies'}</td>
            <td data-label="Actions">
              ${
                keys.length > 1
                  ? html`<form method="post" action="/admin/signing/${k.kid}/retire" class="inline">
                      <input type="hidden" name="_csrf" value="${csrf}" />
                      <button class="small danger" type="submit">
                        Retire<span class="sr-only"> ${k.kid}</span> (its tokens stop verifying)
                      </button>
                    </form>`
                  : ''
              }
            </td>
          </tr>`,
      ),
      'None yet: the server makes one with its first token.',
    )}
    <form method="post" action="/admin/signing/rotate">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <button type="submit">Rotate (new tokens get a new key; existing tokens stay valid)</button>
    </form>
    <p class="note">Running servers pick a change up within a minute.</p>`
}

export function auditPage(entries: AuditEntry[]): Html {
  return html`<h1>Audit log</h1>
    <p>What operators did here, newest first (the last 1,000 actions; no secrets).</p>
    ${table(
      ['When (UTC)', 'Who', 'What', 'On'],
      entries.map(
        (e) =>
          html`<tr>
            <td data-label="When">${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
            <td data-label="Who">${e.who}</td>
            <td data-label="What">${e.action}</td>
            <td data-label="On"><code>${e.target}</code></td>
          </tr>`,
      ),
      'Nothing yet.',
    )}`
}

export interface VerdictsView {
  keys: { id: string; name: string | null }[]
  keyId: string | null
  days: number
  /** per UTC day, oldest first: answers */
  perDay: Bar[]
  /** per confidence tenth */
  buckets: Bar[]
  /** per reason code, most frequent first */
  reasons: Bar[]
  /** per action: answers and the share judged human */
  actions: { action: string; total: number; human: number }[]
}

export function verdictsPage(v: VerdictsView): Html {
  const picker = keyPicker('/admin/verdicts', v.keys, v.keyId)
  if (v.keyId === null)
    return html`<h1>Verdicts</h1>
      <p>No keys yet.</p>`
  const total = v.buckets.reduce((n, b) => n + b.value, 0)
  return html`<h1>Verdicts</h1>
    ${picker}
    <p>
      What verify answered under this key over the last ${v.days} days (UTC): ${total}
      ${total === 1 ? 'answer' : 'answers'}. Counted per key, action, day, confidence tenth and reason code;
      no call is kept.
    </p>
    <h2>Answers a day</h2>
    ${raw(barChart(v.perDay, 'Answers a day'))}
    <h2>Confidence</h2>
    ${raw(barChart(v.buckets, 'Answers by confidence, in tenths'))}
    <h2>Reasons</h2>
    ${
      v.reasons.length === 0
        ? html`<p>No reasons given yet.</p>`
        : raw(barChart(v.reasons, 'Answers by reason code'))
    }
    <h2>By action</h2>
    ${table(
      ['Action', 'Answers', 'Judged human'],
      v.actions.map(
        (a) =>
          html`<tr>
            <td data-label="Action">${a.action || '(none)'}</td>
            <td data-label="Answers">${a.total}</td>
            <td data-label="Judged human">${Math.round((100 * a.human) / Math.max(1, a.total))}%</td>
          </tr>`,
      ),
      'None yet.',
    )}`
}

/** The key picker of the per-key pages: a GET form, so the choice is in the address. */
export function keyPicker(
  action: string,
  keys: { id: string; name: string | null }[],
  current: string | null,
): Html {
  return html`<form method="get" action="${action}" class="inline">
    <label for="key">Key</label>
    <select id="key" name="key">
      ${keys.map(
        (k) =>
          html`<option value="${k.id}" ${k.id === current ? raw('selected') : ''}>
            ${k.id}${k.name ? ` (${k.name})` : ''}
          </option>`,
      )}
    </select>
    <button class="small" type="submit">Show</button>
  </form>`
}

export interface WebhooksView {
  keys: { id: string; name: string | null }[]
  keyId: string | null
  destinations: WebhookConfigView[]
  deliveries: DeliveryView[]
  csrf: string
  /** a secret just rotated, shown this once */
  secret?: { type: string; value: string }
  message?: string
}

export function webhooksPage(v: WebhooksView): Html {
  const keyId = v.keyId
  if (keyId === null)
    return html`<h1>Webhooks</h1>
      <p>No keys yet.</p>`
  const hidden = (name: string, value: string) =>
    html`<input type="hidden" name="${name}" value="${value}" />`
  return html`<h1>Webhooks</h1>
    ${keyPicker('/admin/webhooks', v.keys, keyId)}
    ${v.message ? html`<p class="error" role="alert">${v.message}</p>` : ''}
    ${
      v.secret
        ? html`<section class="created" aria-live="polite">
            <h2>New secret for ${v.secret.type}</h2>
            <p>Every attempt from now on is signed with it. Copy it now: it is shown once here.</p>
            <p class="token">
              <code id="new-secret">${v.secret.value}</code>
              <button class="small" type="button" data-copy="${v.secret.value}">Copy</button>
            </p>
          </section>`
        : ''
    }
    <h2>Destinations</h2>
    <p class="note">Set with <code>POST /v1/webhook/admin/config/create_or_edit</code> (docs/webhooks.md).</p>
    ${table(
      ['Event', 'Destination', 'State', 'Failures in a row', 'Actions'],
      v.destinations.map(
        (d) =>
          html`<tr>
            <td data-label="Event">${d.webhook_type}</td>
            <td data-label="Destination"><code>${d.destination_url}</code></td>
            <td data-label="State">${d.enabled ? 'enabled' : `disabled ${d.disabled_at ?? ''}`}</td>
            <td data-label="Failures in a row">${d.consecutive_failures}</td>
            <td data-label="Actions">
              <form method="post" action="/admin/webhooks/rotate" class="inline">
                ${hidden('_csrf', v.csrf)} ${hidden('key', keyId)} ${hidden('type', d.webhook_type)}
                <button class="small" type="submit">
                  Rotate secret<span class="sr-only"> of ${d.webhook_type}</span> (the old one stops signing
                  at once)
                </button>
              </form>
            </td>
          </tr>`,
      ),
      'None for this key.',
    )}
    <h2>Delivery log</h2>
    ${table(
      ['Id', 'Event', 'Status', 'Attempts', 'Last error', 'Next attempt', 'Actions'],
      v.deliveries.map(
        (d) =>
          html`<tr>
            <td data-label="Id"><code>${d.webhook_id}</code></td>
            <td data-label="Event">${d.webhook_type}</td>
            <td data-label="Status">${d.status}</td>
            <td data-label="Attempts">${d.attempts}</td>
            <td data-label="Last error">${d.last_error ?? ''}</td>
            <td data-label="Next attempt">${d.next_attempt_at ?? ''}</td>
            <td data-label="Actions">
              <form method="post" action="/admin/webhooks/redeliver" class="inline">
                ${hidden('_csrf', v.csrf)} ${hidden('key', keyId)} ${hidden('id', d.webhook_id)}
                <button class="small" type="submit">
                  Redeliver<span class="sr-only"> ${d.webhook_id}</span> (same webhook-id)
                </button>
              </form>
            </td>
          </tr>`,
      ),
      'No deliveries yet.',
    )}`
}

export interface HostedView {
  keys: { id: string; name: string | null }[]
  keyId: string | null
  settings: KeySettings
  csrf: string
  message?: string
  saved?: boolean
  /** what the operator typed, shown again when it was refused */
  draft?: { name: string; logoUrl: string; accent: string }
}

export function hostedPage(v: HostedView): Html {
  const keyId = v.keyId
  if (keyId === null)
    return html`<h1>Hosted check</h1>
      <p>No keys yet.</p>`
  const s = v.draft ? { ...v.settings, ...v.draft } : v.settings
  return html`<h1>Hosted check</h1>
    ${keyPicker('/admin/hosted', v.keys, keyId)}
    ${v.message ? html`<p class="error" role="alert">${v.message}</p>` : ''}
    ${v.saved ? html`<p class="saved" role="status">Saved.</p>` : ''}
    <p>How the check page looks for this key's users, and where it may send them back (docs/hosted.md).</p>
    <h2>Theme</h2>
    <form method="post" action="/admin/hosted/theme">
      <input type="hidden" name="_csrf" value="${v.csrf}" />
      <input type="hidden" name="key" value="${keyId}" />
      <label for="theme-name">Name shown on the page</label>
      <input id="theme-name" name="name" maxlength="80" value="${s.name ?? ''}" />
      <label for="theme-logo">Logo (a path on this server, or a data:image/… URL)</label>
      <input id="theme-logo" name="logoUrl" value="${s.logoUrl ?? ''}" />
      <label for="theme-accent">Accent colour (#rrggbb)</label>
      <input
        id="theme-accent"
        name="accent"
        pattern="#[0-9a-fA-F]{6}"
        placeholder="#1f5fbf"
        value="${s.accent ?? ''}"
      />
      <button type="submit">Save theme</button>
    </form>
    <h2>Redirect origins</h2>
    <form method="post" action="/admin/hosted/origins">
      <input type="hidden" name="_csrf" value="${v.csrf}" />
      <input type="hidden" name="key" value="${keyId}" />
      <label for="origins">One origin a line (https, or http on loopback); none: loopback only</label>
      <textarea id="origins" name="origins" rows="4">${s.redirectOrigins.join('\n')}</textarea>
      <button type="submit">Save origins</button>
    </form>`
}
