/**
 * The identity-verification contract's edge: `POST /verif/sessions` (a one-time page URL, from the
 * partner's backend), `POST /verif/submit` (the upload and the result) and `GET /verif/checks/{id}`
 * (the result as it stands, after a person's review), with the page
 * (page-routes.ts) and the files (files-route.ts) mounted beside them. HTTP statuses appear in these
 * three files and nowhere else in server/idv/.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { OpenAPIHono } from '@hono/zod-openapi'
import { describeIssue } from '../../shared/api.ts'
import {
  idvSessionRequestSchema,
  idvSubmitFieldsSchema,
  type IdvSessionResponse,
  type IdvSubmitResponse,
} from '../../shared/contracts/idv.ts'
import { normaliseUserId } from '../../shared/user-id.ts'
import { fail, readJson, respond, setHeader } from '../http/respond.ts'
import { apiKey, setRateLimitHeaders } from '../keys/auth.ts'
import type { PlanTable } from '../limits/plans.ts'
import { createLimits, monthOf, msToNextMonth } from '../limits/service.ts'
import type { Store } from '../store/types.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import { checkFormKey } from './auth.ts'
import { hashToken, seal, SESSION_TOKEN, unseal, type IdvKeys } from './crypto.ts'
import { idvFileRoutes } from './files-route.ts'
import { idvPageRoutes } from './page-routes.ts'
import type { IdvContact, IdvService } from './service.ts'
import type { IdvStore } from './store.ts'
import { readUpload } from './upload.ts'
import type { Vault } from './vault.ts'
import '../keys/context.ts'
import { mount } from '../openapi/route.ts'
import { idvCheckRoute, idvSessionRoute, idvSubmitRoute } from './openapi.ts'

/** How long a one-time page URL from POST /verif/sessions stays usable. */
export const SESSION_TTL_MS = 30 * 60_000

export interface IdvRouteOptions {
  store: Store
  idvStore: IdvStore
  plans: PlanTable
  service: IdvService
  vault: Vault
  keys: () => Promise<IdvKeys>
  userHasher: () => Promise<UserHasher>
  tmpDir: string
  now: () => number
}

export function idvRoutes({
  store,
  idvStore,
  plans,
  service,
  vault,
  keys,
  userHasher,
  tmpDir,
  now,
}: IdvRouteOptions): OpenAPIHono {
  const app = new OpenAPIHono()
  const limits = createLimits(store)

  // identity checks are a hosted page product: the `hosted` scope (docs/idv.md)
  app.use('/verif/sessions', apiKey({ keys: store, limits, plans, now, scope: 'hosted' }))
  mount(app, idvSessionRoute, async (c) => {
    const body = await readJson(c)
    const parsed = idvSessionRequestSchema.safeParse(body)
    if (!parsed.success) return fail(c, 'INVALID_REQUEST', describeIssue(parsed.error, body))
    const token = randomBytes(24).toString('hex')
    const expiresAt = now() + SESSION_TTL_MS
    const contact: IdvContact = { user_identifier: parsed.data.user_identifier }
    if (parsed.data.user_email) contact.user_email = parsed.data.user_email
    if (parsed.data.user_phone) contact.user_phone = parsed.data.user_phone
    await idvStore.putSession(
      hashToken(token),
      {
        keyId: c.var.apiKey.id,
        sealedContact: seal((await keys()).seal, JSON.stringify(contact)),
        expiresAt,
      },
      now(),
    )
    const answer: IdvSessionResponse = {
      url: `${new URL(c.req.url).origin}/verif/?session=${token}`,
      expires_at: new Date(expiresAt).toISOString(),
    }
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, answer, 200)
  })

  // the check as it stands: a check in `review` answers `verified` or `rejected` once a person decides
  app.use('/verif/checks/*', apiKey({ keys: store, limits, plans, now, scope: 'hosted' }))
  mount(app, idvCheckRoute, async (c) => {
    const check = await idvStore.getCheck(c.req.param('check_id'))
    if (!check || check.keyId !== c.var.apiKey.id) return fail(c, 'NOT_FOUND', 'no such check for this key')
    setHeader(c, 'Cache-Control', 'no-store')
    const answer: IdvSubmitResponse = { success: true, check_id: check.id, result: check.result }
    return respond(c, answer, 200)
  })

  mount(app, idvSubmitRoute, async (c) => {
    const read = await readUpload(c.req.raw.body, c.req.header('content-type'), join(tmpDir))
    if (!read.ok) {
      return fail(c, read.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_REQUEST', read.message)
    }
    const upload = read.upload
    // a one-time session is taken at once (two uploads cannot both use it) and given back when the
    // check does not complete, so a failed upload does not burn the person's link
    let giveBack: (() => Promise<void>) | null = null
    let completed = false
    try {
      const fields = { ...upload.fields }
      if (fields.user_identifier === undefined && fields.user_id !== undefined)
        fields.user_identifier = fields.user_id
      delete fields.user_id
      for (const name of ['user_email', 'user_phone'] as const) if (fields[name] === '') delete fields[name]

      let keyId: string
      let contact: IdvContact
      let plan
      if (fields.session) {
        const token = fields.session
        const hash = hashToken(token)
        const session = SESSION_TOKEN.test(token) ? await idvStore.takeSession(hash, now()) : null
        if (session) giveBack = () => idvStore.putSession(hash, session, now())
        const opened = session ? unseal((await keys()).seal, session.sealedContact) : null
        if (!session || opened === null)
          return fail(c, 'INVALID_API_KEY', 'This verification link has expired or was already used')
        const owner = await store.findKeyById(session.keyId)
        if (!owner || owner.revokedAt !== null || !plans[owner.plan])
          return fail(c, 'INVALID_API_KEY', 'Invalid API key')
        keyId = owner.id
        contact = JSON.parse(opened) as IdvContact
        plan = { key: owner, limits: plans[owner.plan]! }
      } else {
        if (!fields.api_key) return fail(c, 'INVALID_REQUEST', 'API key is required')
        if (!fields.user_identifier?.trim()) return fail(c, 'INVALID_REQUEST', 'User identifier is required')
        const parsed = idvSubmitFieldsSchema.safeParse(fields)
        if (!parsed.success) return fail(c, 'INVALID_REQUEST', describeIssue(parsed.error, fields))
        const checked = await checkFormKey(store, plans, parsed.data.api_key, now())
        if (!checked.ok) {
          if (checked.code === 'BURST_LIMIT_EXCEEDED') {
            setRateLimitHeaders((n, v) => setHeader(c, n, v), checked.burst)
            return fail(c, checked.code, checked.message, checked.burst.resetMs / 1000)
          }
          return fail(c, checked.code, checked.message)
        }
        setRateLimitHeaders((n, v) => setHeader(c, n, v), checked.burst)
        keyId = checked.key.id
        contact = { user_identifier: parsed.data.user_identifier }
        if (parsed.data.user_email) contact.user_email = parsed.data.user_email
        if (parsed.data.user_phone) contact.user_phone = parsed.data.user_phone
        plan = { key: checked.key, limits: checked.plan }
      }
      if (!upload.video || !upload.idPhoto) {
        return fail(c, 'INVALID_REQUEST', 'Both selfie video and ID photo are required')
      }

      const time = now()
      const month = monthOf(time)
      const counted = plan.key.mode === 'live'
      if (counted) {
        const monthly = await store.reserveMonthly(keyId, month, plan.limits.perMonth)
        setHeader(c, 'X-Quota-Limit', String(plan.limits.perMonth))
        setHeader(c, 'X-Quota-Remaining', String(Math.max(0, plan.limits.perMonth - monthly.used)))
        if (!monthly.ok) {
          return fail(
            c,
            'MONTHLY_LIMIT_EXCEEDED',
            `this key's ${plan.limits.perMonth} checks for ${month} are used up`,
            msToNextMonth(time) / 1000,
          )
        }
      }
      const userHash = (await userHasher())(keyId, normaliseUserId(contact.user_identifier))
      const outcome = await service.check({
        keyId,
        userHash,
        contact,
        origin: new URL(c.req.url).origin,
        video: upload.video,
        idPhoto: upload.idPhoto,
        frames: upload.frames,
      })
      if (!outcome.ok) {
        if (counted) await store.releaseMonthly(keyId, month).catch(() => {})
        if (outcome.reason === 'bad_input') return fail(c, 'INVALID_REQUEST', outcome.message)
        return fail(c, 'INTERNAL_ERROR', 'processing failed')
      }
      completed = true
      setHeader(c, 'Cache-Control', 'no-store')
      return respond(c, outcome.response, 200)
    } finally {
      await upload.discard()
      if (!completed && giveBack) await giveBack().catch(() => {})
    }
  })
  app.route('/', idvPageRoutes({ store, idvStore, plans, now }))
  app.route('/', idvFileRoutes({ store, idvStore, plans, limits, vault, keys, now }))
  return app
}
