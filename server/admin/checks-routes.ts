/**
 * The dashboard's hosted sessions, identity checks and review queue: a sub-app mounted by routes.ts after
 * its gate, session and CSRF middleware, so every route here needs an operator's session and every POST
 * its CSRF token. The images are answered only here, with no-store and a policy that lets them run
 * nothing; a decision is audit-logged.
 */
import { Readable } from 'node:stream'
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { HostedStore } from '../hosted/store/types.ts'
import { fail, readForm, send, setHeader } from '../http/respond.ts'
import type { IdvAdmin } from '../idv/review.ts'
import { inReview, type IdvCheckRecord } from '../idv/store.ts'
import type { KeyStore } from '../keys/store.ts'
import type { AdminAccess } from './access.ts'
import {
  checkPage,
  hostedSessionsPage,
  identityChecksPage,
  reviewQueuePage,
  type CheckView,
  type Paging,
} from './checks-pages.ts'
import type { Html } from './pages.ts'

export const PAGE_SIZE = 25
const CHECK_ID = /^idv_[0-9A-Za-z]{10,40}$/
const MAX_PAGE = 10_000
/** what an image answer may do: nothing but be shown */
const IMAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"

export interface ChecksRouteDeps {
  keys: KeyStore
  access: AdminAccess
  hosted: () => HostedStore
  /** identity checks, when they are mounted (AppDeps.idv) */
  idv?: IdvAdmin | undefined
  now: () => number
  render(c: Context, body: Html, title: string, status?: number): Promise<Response>
  redirect(c: Context, to: string): Response
}

export function checksRoutes({ keys, access, hosted, idv, now, render, redirect }: ChecksRouteDeps): Hono {
  const app = new Hono()

  const pageOf = (c: Context) => {
    const n = Number(c.req.query('page') ?? 0)
    return Number.isInteger(n) && n >= 0 && n <= MAX_PAGE ? n : 0
  }
  /** one more than a page is asked for, to know whether there is an older page */
  const window = (page: number) => ({ offset: page * PAGE_SIZE, limit: PAGE_SIZE + 1 })
  const paged = <T>(rows: T[], page: number, base: string): { rows: T[]; paging: Paging } => ({
    rows: rows.slice(0, PAGE_SIZE),
    paging: { page, hasMore: rows.length > PAGE_SIZE, base },
  })
  const keyChoice = async (asked: string | undefined) => {
    const all = (await keys.listKeys()).map((k) => ({ id: k.id, name: k.name }))
    return { all, keyId: all.find((k) => k.id === asked)?.id ?? all[0]?.id ?? null }
  }

  app.get('/admin/hosted/sessions', async (c) => {
    const { all, keyId } = await keyChoice(c.req.query('key'))
    const page = pageOf(c)
    const users = keyId ? await hosted().listUsers(keyId, window(page)) : []
    const { rows, paging } = paged(users, page, `/admin/hosted/sessions?key=${keyId ?? ''}&`)
    return render(
      c,
      hostedSessionsPage({ keys: all, keyId, users: rows, paging, now: now() }),
      'Hosted sessions',
    )
  })

  const noIdv = (c: Context) =>
    render(
      c,
      html`<p>Identity checks are not mounted on this server (docs/idv.md says how to turn them on).</p>`,
      'Identity checks',
    )

  app.get('/admin/identity', async (c) => {
    if (!idv) return noIdv(c)
    const { all, keyId } = await keyChoice(c.req.query('key'))
    const page = pageOf(c)
    const checks = keyId ? await idv.checks(keyId, window(page)) : []
    const { rows, paging } = paged(checks, page, `/admin/identity?key=${keyId ?? ''}&`)
    const view = { keys: all, keyId, checks: rows, paging, now: now() }
    return render(c, identityChecksPage(view), 'Identity checks')
  })

  app.get('/admin/identity/review', async (c) => {
    if (!idv) return noIdv(c)
    const page = pageOf(c)
    const { rows, paging } = paged(await idv.queue(window(page)), page, '/admin/identity/review?')
    return render(c, reviewQueuePage({ checks: rows, paging, now: now() }), 'Review queue')
  })

  /** the images are shown for checks that are or were in review, and only while retained */
  const reviewable = (check: IdvCheckRecord) =>
    check.purgedAt === null &&
    check.purgeAt > now() &&
    check.files !== null &&
    (inReview(check) || check.review !== undefined)

  const showCheck = async (c: Context, id: string, extra: Partial<CheckView> = {}, status = 200) => {
    const check = idv && CHECK_ID.test(id) ? await idv.check(id) : null
    if (!idv || !check) return render(c, html`<p>No such identity check.</p>`, 'Identity check', 404)
    const images = reviewable(check)
    const frame = images && (await idv.image(id, 'frame')) !== null
    const view = { check, csrf: c.var.admin.csrf, images, frame, now: now(), ...extra }
    return render(c, checkPage(view), `Check ${id}`, status)
  }

  app.get('/admin/identity/checks/:id', async (c) => {
    const sent = c.req.query('decided')
    const notice =
      sent === 'approved' || sent === 'rejected'
        ? `Decided: ${sent}. The partner's IDENTITY_VERIFICATION_COMPLETED webhook is queued with it.`
        : undefined
    return showCheck(c, c.req.param('id'), notice ? { notice } : {})
  })

  for (const [path, which] of [
    ['frame', 'frame'],
    ['id-photo', 'id'],
  ] as const) {
    app.get(`/admin/identity/checks/:id/${path}`, async (c) => {
      const id = c.req.param('id')
      const check = idv && CHECK_ID.test(id) ? await idv.check(id) : null
      const image = idv && check && reviewable(check) ? await idv.image(id, which) : null
      if (!image) return fail(c, 'NOT_FOUND', 'no such image; images are deleted after the retention period')
      setHeader(c, 'Content-Disposition', 'inline')
      setHeader(c, 'Cache-Control', 'no-store')
      setHeader(c, 'Content-Security-Policy', IMAGE_POLICY)
      setHeader(c, 'Cross-Origin-Resource-Policy', 'same-origin')
      setHeader(c, 'X-Content-Type-Options', 'nosniff')
      setHeader(c, 'Referrer-Policy', 'same-origin')
      return send(c, Readable.toWeb(image.body) as ReadableStream, image.mime)
    })
  }

  app.post('/admin/identity/checks/:id/decide', async (c) => {
    const id = c.req.param('id')
    const decision = String((await readForm(c))?.get('decision') ?? '')
    if (!idv || !CHECK_ID.test(id)) return showCheck(c, id)
    if (decision !== 'approved' && decision !== 'rejected')
      return showCheck(c, id, { message: 'Choose approve or reject.' }, 400)
    const outcome = await idv.decide(id, decision)
    if (!outcome.ok) {
      const message = {
        NOT_FOUND: 'No such identity check.',
        NOT_IN_REVIEW: 'This check is not in review any more: someone decided it already.',
        DELETED: 'The images of this check are deleted: it can no longer be reviewed.',
      }[outcome.why]
      return showCheck(c, id, { message }, outcome.why === 'NOT_FOUND' ? 404 : 409)
    }
    await access.audit(
      c.var.admin.name,
      `${decision === 'approved' ? 'approve' : 'reject'} identity check`,
      id,
    )
    return redirect(c, `/admin/identity/checks/${id}${outcome.notified ? `?decided=${decision}` : ''}`)
  })

  return app
}
