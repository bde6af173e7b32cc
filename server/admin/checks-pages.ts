/**
 * The dashboard's pages of hosted checks and identity checks: each key's sessions and checks with their
 * states and times (people only as a short prefix of their keyed hash, no contact data, no files), the
 * identity `review` queue, and one check with its two images side by side while they are retained.
 */
import { html } from 'hono/html'
import type { HostedUser } from '../hosted/store/types.ts'
import type { IdvCheckRecord } from '../idv/store.ts'
import { day, keyPicker, table, type Html } from './pages.ts'

/** A UTC minute; the date and the hour each kept on one line. */
const time = (ms: number) => {
  const iso = new Date(ms).toISOString()
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)}</time>`
}
const ASKED: Record<HostedUser['dataRequest'], string> = {
  GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID: 'score and unique id',
  IS_PHONE_NUMBER_VERIFIED: 'phone verified',
}
/** A keyed hash, shortened: enough to tell two people apart on a page, nothing to look anyone up by. */
const person = (hash: string) => html`<code>${hash.slice(0, 10)}</code>`

export interface Paging {
  /** 0-based */
  page: number
  hasMore: boolean
  /** the page's address without `page` (ends with `?` or `&`) */
  base: string
}

function pager(p: Paging): Html | string {
  if (p.page === 0 && !p.hasMore) return ''
  return html`<nav class="pager" aria-label="Pages">
    ${p.page > 0 ? html`<a href="${p.base}page=${p.page - 1}" rel="prev">Newer</a>` : ''}
    <span>Page ${p.page + 1}</span>
    ${p.hasMore ? html`<a href="${p.base}page=${p.page + 1}" rel="next">Older</a>` : ''}
  </nav>`
}

export function hostedState(user: HostedUser, now: number): string {
  if (user.result) return 'verified'
  if (user.codeExpiresAt <= now) return 'invite expired'
  return 'invited'
}

export interface HostedSessionsView {
  keys: { id: string; name: string | null }[]
  keyId: string | null
  users: HostedUser[]
  paging: Paging
  now: number
}

export function hostedSessionsPage(v: HostedSessionsView): Html {
  if (v.keyId === null)
    return html`<h1>Hosted sessions</h1>
      <p>No keys yet.</p>`
  const rows = v.users.map(
    (u) =>
      html`<tr>
        <td data-label="Registered">${time(u.createdAt)}</td>
        <td data-label="Person">${person(u.refHash)}</td>
        <td data-label="Asked for">${ASKED[u.dataRequest]}</td>
        <td data-label="State">${hostedState(u, v.now)}</td>
        <td data-label="Invite expires">${u.result ? '' : time(u.codeExpiresAt)}</td>
        <td data-label="Completed">${u.result ? time(u.result.completedAt) : ''}</td>
        <td data-label="Score">${u.result?.humannessScore ?? ''}</td>
      </tr>`,
  )
  return html`<h1>Hosted sessions</h1>
    ${keyPicker('/admin/hosted/sessions', v.keys, v.keyId)}
    <p>
      The people this key sent through the hosted check, newest first (UTC). A person appears as the start of
      the keyed hash of your reference id: Huma keeps nothing else of it.
    </p>
    ${table(
      ['Registered', 'Person', 'Asked for', 'State', 'Invite expires', 'Completed', 'Score'],
      rows,
      'None for this key.',
    )}
    ${pager(v.paging)}`
}

const status = (c: IdvCheckRecord) => c.result.verificationAssessment.verificationStatus

/** Past its retention a check's files are deleted (by the sweeper's next pass at the latest). */
const deletedAt = (c: IdvCheckRecord, now: number) => c.purgedAt ?? (c.purgeAt <= now ? c.purgeAt : null)

function filesCell(c: IdvCheckRecord, now: number): string {
  const gone = deletedAt(c, now)
  return gone === null ? `kept until ${day(c.purgeAt)}` : `deleted ${day(gone)}`
}

function reviewedCell(c: IdvCheckRecord): Html | string {
  return c.review ? html`${c.review.decision} ${time(c.review.at)}` : ''
}

const checkLink = (c: IdvCheckRecord) =>
  html`<a href="/admin/identity/checks/${c.id}"><code>${c.id}</code></a>`

export interface IdentityChecksView {
  keys: { id: string; name: string | null }[]
  keyId: string | null
  checks: IdvCheckRecord[]
  paging: Paging
  now: number
}

export function identityChecksPage(v: IdentityChecksView): Html {
  if (v.keyId === null)
    return html`<h1>Identity checks</h1>
      <p>No keys yet.</p>`
  const rows = v.checks.map(
    (c) =>
      html`<tr>
        <td data-label="Check">${checkLink(c)}</td>
        <td data-label="Made">${time(c.createdAt)}</td>
        <td data-label="Person">${person(c.userHash)}</td>
        <td data-label="Status">${status(c)}</td>
        <td data-label="Similarity">${c.result.faceComparison.similarityScore}</td>
        <td data-label="Reviewed">${reviewedCell(c)}</td>
        <td data-label="Files">${filesCell(c, v.now)}</td>
      </tr>`,
  )
  return html`<h1>Identity checks</h1>
    ${keyPicker('/admin/identity', v.keys, v.keyId)}
    <p>
      This key's identity checks, newest first (UTC). A person appears as the start of the keyed hash of their
      id; contact data and files stay encrypted and are deleted after the retention period.
    </p>
    ${table(['Check', 'Made', 'Person', 'Status', 'Similarity', 'Reviewed', 'Files'], rows, 'None for this key.')}
    ${pager(v.paging)}`
}

export function reviewQueuePage(v: { checks: IdvCheckRecord[]; paging: Paging; now: number }): Html {
  const rows = v.checks.map(
    (c) =>
      html`<tr>
        <td data-label="Check">${checkLink(c)}</td>
        <td data-label="Key"><code>${c.keyId}</code></td>
        <td data-label="Made">${time(c.createdAt)}</td>
        <td data-label="Similarity">${c.result.faceComparison.similarityScore}</td>
        <td data-label="Files">${filesCell(c, v.now)}</td>
      </tr>`,
  )
  return html`<h1>Review queue</h1>
    <p>
      Identity checks whose faces were neither clearly the same nor clearly different, every key's, newest
      first, while their images are kept. Open one to compare the images and decide: the partner gets the
      decision by webhook, and
      <code>GET /verif/checks/{check_id}</code> answers it.
    </p>
    ${table(['Check', 'Key', 'Made', 'Similarity', 'Files'], rows, 'Nothing to review.')} ${pager(v.paging)}`
}

export interface CheckView {
  check: IdvCheckRecord
  csrf: string
  /** the images may be shown (the check is or was in review, and not purged) */
  images: boolean
  /** a selfie frame was kept for it */
  frame: boolean
  now: number
  message?: string
  notice?: string
}

export function checkPage(v: CheckView): Html {
  const c = v.check
  const a = c.result.verificationAssessment
  const gone = deletedAt(c, v.now)
  const open = status(c) === 'review' && gone === null
  const images = !v.images
    ? gone !== null
      ? html`<p class="note">
          Images deleted ${day(gone)}: the retention period has passed, only the result remains.
        </p>`
      : ''
    : html`<div class="compare">
        <figure>
          ${
            v.frame
              ? html`<img src="/admin/identity/checks/${c.id}/frame" alt="A frame of the selfie video" />`
              : html`<p class="note">No selfie frame was kept for this check.</p>`
          }
          <figcaption>Selfie frame</figcaption>
        </figure>
        <figure>
          <img src="/admin/identity/checks/${c.id}/id-photo" alt="The ID photo" />
          <figcaption>ID photo</figcaption>
        </figure>
      </div>`
  return html`<h1>Check <code>${c.id}</code></h1>
    ${v.message ? html`<p class="error" role="alert">${v.message}</p>` : ''}
    ${v.notice ? html`<p class="saved" role="status">${v.notice}</p>` : ''}
    <dl class="facts">
      <dt>Key</dt>
      <dd><code>${c.keyId}</code></dd>
      <dt>Made</dt>
      <dd>${time(c.createdAt)} UTC</dd>
      <dt>Status</dt>
      <dd id="check-status">${a.verificationStatus}</dd>
      <dt>Similarity</dt>
      <dd>${c.result.faceComparison.similarityScore} (${c.result.faceComparison.method})</dd>
      ${
        c.review
          ? html`<dt>Reviewed</dt>
              <dd>${c.review.decision} ${time(c.review.at)} UTC</dd>`
          : ''
      }
      <dt>Files</dt>
      <dd>${filesCell(c, v.now)}</dd>
    </dl>
    <p class="note">${a.summary}</p>
    ${images}
    ${
      open
        ? html`<form method="post" action="/admin/identity/checks/${c.id}/decide" class="decide">
            <input type="hidden" name="_csrf" value="${v.csrf}" />
            <button type="submit" name="decision" value="approved">
              Approve: the same person (sent as verified)
            </button>
            <button type="submit" name="decision" value="rejected" class="danger">
              Reject: not the same person (sent as rejected)
            </button>
          </form>`
        : ''
    }
    <p><a href="/admin/identity/review">Back to the review queue</a></p>`
}
