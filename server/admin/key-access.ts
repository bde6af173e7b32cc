/**
 * A key's scopes and allowed origins on the dashboard: the fields (create form and the per-key change
 * form share them) and reading them back from a posted form, checked by the same rules as the CLI.
 */
import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { DEFAULT_SCOPES, parseScopes, SCOPES, type Scope } from '../../shared/keys.ts'
import { parseAllowedOrigins } from '../keys/access.ts'
import type { ApiKeyRecord } from '../keys/store.ts'

const SCOPE_NOTES: Record<Scope, string> = {
  verify: '/api/v1 and /v1/verify',
  hosted: 'hosted and identity checks',
  stamp: 'content stamps',
  trust: 'trust scores',
  webhooks: 'webhook admin API',
  admin: 'reserved',
}

export const describeOrigins = (origins: readonly string[]) =>
  origins.length ? origins.join(' ') : 'any origin'

/** The checkboxes and the origins box; `idPrefix` keeps ids unique when several forms share a page. */
export function accessFields(
  idPrefix: string,
  scopes: readonly Scope[] = DEFAULT_SCOPES,
  origins: readonly string[] = [],
  { notes = true }: { notes?: boolean } = {},
): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<input type="hidden" name="access" value="1" />
    <fieldset class="scopes">
      <legend>Scopes</legend>
      ${SCOPES.map(
        (s) =>
          html`<label class="check" for="${idPrefix}-scope-${s}"
            ><input
              id="${idPrefix}-scope-${s}"
              type="checkbox"
              name="scope"
              value="${s}"
              ${scopes.includes(s) ? raw('checked') : ''}
            />${s} ${notes ? html`<span class="muted">(${SCOPE_NOTES[s]})</span>` : ''}</label
          >`,
      )}
    </fieldset>
    <label for="${idPrefix}-origins">Allowed browser origins</label>
    <textarea
      id="${idPrefix}-origins"
      name="origins"
      rows="2"
      maxlength="4000"
      placeholder="https://shop.example"
      aria-describedby="${idPrefix}-origins-note"
    >
${origins.join('\n')}</textarea>
    <p class="note" id="${idPrefix}-origins-note">
      One a line, as <code>https://host[:port]</code>. Empty: any origin. Calls from servers (no Origin
      header) are never refused for their origin.
    </p>`
}

export type AccessForm =
  { ok: true; scopes: Scope[]; allowedOrigins: string[] } | { ok: false; message: string }

/**
 * The scopes ticked and the origins typed, or why they are refused (naming the bad one). A form without
 * these fields at all (a script's create call) gets `fallback`, when given: the defaults.
 */
export function readAccessForm(form: FormData | undefined, fallback?: 'defaults'): AccessForm {
  if (fallback && !form?.has('access')) return { ok: true, scopes: [...DEFAULT_SCOPES], allowedOrigins: [] }
  const ticked = (form?.getAll('scope') ?? []).map(String)
  const scopes = parseScopes(ticked)
  if (!scopes.ok) return { ok: false, message: `Scopes: ${scopes.message}.` }
  const text = String(form?.get('origins') ?? '').slice(0, 4000)
  const origins = parseAllowedOrigins([text])
  if (!origins.ok) return { ok: false, message: `Allowed origins: ${origins.message}.` }
  return { ok: true, scopes: scopes.value, allowedOrigins: origins.value }
}

/** The per-key change form, folded away until opened. */
export function accessForm(key: ApiKeyRecord, csrf: string): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<details class="access">
    <summary>Scopes and origins<span class="sr-only"> of ${key.id}</span></summary>
    <form method="post" action="/admin/keys/${key.id}/access">
      <input type="hidden" name="_csrf" value="${csrf}" />
      ${accessFields(key.id, key.scopes, key.allowedOrigins, { notes: false })}
      <button class="small" type="submit">Save scopes and origins</button>
    </form>
  </details>`
}
