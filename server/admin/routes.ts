/**
 * /admin: the dashboard's edge. Off (404) until an operator token exists; on loopback addresses only
 * unless `remote` is set (HUMA_ADMIN_REMOTE=1, for a server behind TLS); every page but the login form
 * needs a session; every POST needs the session's CSRF token and, when the browser sends one, an Origin
 * of this server.
 */
import { Hono, type Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { readBody } from '../http/body.ts'
import { fail, html, nodeIncoming, readForm, requestHeader, setHeader } from '../http/respond.ts'
import { createKey } from '../keys/service.ts'
import { describeOrigins, readAccessForm } from './key-access.ts'
import type { KeyStore } from '../keys/store.ts'
import type { PlanTable } from '../limits/plans.ts'
import { monthOf, type Limits } from '../limits/service.ts'
import type { UsageStore } from '../limits/usage-store.ts'
import type { SecretStore } from '../secrets/store.ts'
import { stampsPerMonth } from '../stamps/service.ts'
import type { StampStore } from '../stamps/store.ts'
import { createSigningKey } from '../tokens/service.ts'
import { SESSION_COOKIE, SESSION_MS, type AdminAccess } from './access.ts'
import { HUMAN_THRESHOLD } from '../../shared/verdict.ts'
import type { VerdictCounter } from '../verdicts/counter.ts'
import {
  auditPage,
  keysPage,
  layout,
  loginPage,
  signingPage,
  usagePage,
  verdictsPage,
  webhooksPage,
  hostedPage,
  type HostedView,
  type KeysView,
  type VerdictsView,
  type WebhooksView,
} from './pages.ts'
import { WEBHOOK_TYPES, type WebhookType } from '../webhooks/events.ts'
import type { WebhookAdmin } from '../webhooks/service.ts'
import { DEFAULT_KEY_SETTINGS, type HostedStore } from '../hosted/store/types.ts'
import { checkOrigins, checkTheme } from '../hosted/theme.ts'
import type { IdvAdmin } from '../idv/review.ts'
import { checksRoutes } from './checks-routes.ts'

export interface AdminRouteDeps {
  access: AdminAccess
  keys: KeyStore
  usage: UsageStore
  /** the stamps counted per key and month (server/stamps/) */
  stamps: Pick<StampStore, 'used'>
  /** the burst windows, peeked at for the usage page's headroom */
  limits: Limits
  secrets: SecretStore
  verdicts: VerdictCounter
  webhooks: WebhookAdmin
  /** the hosted check's per-key settings (theme, redirect origins) */
  hosted: () => HostedStore
  /** identity checks (their list, the review queue), when they are mounted */
  idv?: IdvAdmin
  plans: PlanTable
  now: () => number
  /** serve /admin to any address (behind TLS), not loopback only */
  remote?: boolean
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/
const KEY_ID = /^key_[0-9A-Za-z]{16}$/
const MONTHS_SHOWN = 6
const VERDICT_CHART_DAYS = 30

declare module 'hono' {
  interface ContextVariableMap {
    admin: { name: string; cookie: string; csrf: string }
  }
}

export function adminRoutes(deps: AdminRouteDeps): Hono {
  const {
    access,
    keys,
    usage,
    stamps,
    limits,
    secrets,
    verdicts,
    webhooks,
    hosted,
    idv,
    plans,
    now,
    remote = false,
  } = deps
  const app = new Hono()

  const address = (c: Context) => nodeIncoming(c)?.socket.remoteAddress ?? ''
  const cookieHeader = (value: string, maxAgeS: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict; Secure`
  const page = (c: Context, body: Parameters<typeof layout>[1], title: string, status = 200) =>
    Promise.resolve(layout(title, body, { csrf: c.var.admin.csrf, path: c.req.path })).then((p) =>
      html(c, String(p), status),
    )
  const redirect = (c: Context, to: string) => {
    setHeader(c, 'Location', to)
    return html(c, '', 303)
  }

  app.use('/admin', readBody({ maxBytes: MAX_BODY_BYTES, onTooLarge: (c) => tooLarge(c) }))
  app.use('/admin/*', readBody({ maxBytes: MAX_BODY_BYTES, onTooLarge: (c) => tooLarge(c) }))
  const tooLarge = (c: Context) => fail(c, 'PAYLOAD_TOO_LARGE', 'the form is too large')

  // who may reach it at all, then: is it on
  const gate = async (c: Context, next: () => Promise<void>) => {
    setHeader(c, 'Cache-Control', 'no-store')
    setHeader(c, 'Referrer-Policy', 'same-origin')
    if (!remote && !LOOPBACK.test(address(c)))
      return fail(c, 'NOT_FOUND', 'the dashboard answers on loopback only (HUMA_ADMIN_REMOTE)')
    if (!(await access.enabled()))
      return fail(c, 'NOT_FOUND', 'the dashboard is off: set HUMA_ADMIN_TOKEN or run huma admin token create')
    await next()
    return undefined
  }
  app.use('/admin', gate)
  app.use('/admin/*', gate)

  // a form posted from another site is refused before anything else is looked at
  const sameOrigin = async (c: Context, next: () => Promise<void>) => {
    if (c.req.method === 'POST') {
      const origin = requestHeader(c, 'origin')
      if (origin !== undefined && origin !== new URL(c.req.url).origin)
        return html(c, String(await loginPage('Refused: the form came from another site.')), 403)
    }
    await next()
    return undefined
  }
  app.use('/admin', sameOrigin)
  app.use('/admin/*', sameOrigin)

  app.get('/admin/login', async (c) => html(c, String(await loginPage())))
  app.post('/admin/login', async (c) => {
    const token = (await readForm(c))?.get('token')
    const result = await access.login(typeof token === 'string' ? token : '', address(c))
    if (!result.ok) {
      if (result.why === 'RATE_LIMITED') {
        setHeader(c, 'Retry-After', String(Math.max(1, Math.ceil(result.retryAfterS ?? 60))))
        return html(c, String(await loginPage('Too many attempts: wait a minute.')), 429)
      }
      return html(c, String(await loginPage('That token is not an operator token.')), 401)
    }
    await access.audit(result.session.name, 'log in', '-')
    setHeader(c, 'Set-Cookie', cookieHeader(result.cookie, SESSION_MS / 1000))
    return redirect(c, '/admin')
  })

  // everything below needs a session, and a POST its CSRF token
  const session = async (c: Context, next: () => Promise<void>) => {
    if (c.req.path === '/admin/login') return next()
    const cookie = getCookie(c, SESSION_COOKIE) ?? ''
    const found = cookie ? await access.session(cookie) : null
    if (!found) return redirect(c, '/admin/login')
    if (c.req.method === 'POST') {
      const csrf = (await readForm(c))?.get('_csrf')
      if (!access.checkCsrf(cookie, typeof csrf === 'string' ? csrf : undefined))
        return html(c, String(await loginPage('Refused: the form was not this session’s.')), 403)
    }
    c.set('admin', { name: found.name, cookie, csrf: access.csrf(cookie) })
    await next()
    return undefined
  }
  app.use('/admin', session)
  app.use('/admin/*', session)

  app.post('/admin/logout', async (c) => {
    await access.logout(c.var.admin.cookie)
    await access.audit(c.var.admin.name, 'log out', '-')
    setHeader(c, 'Set-Cookie', cookieHeader('', 0))
    return redirect(c, '/admin/login')
  })

  const keysView = async (c: Context, extra: Partial<KeysView> = {}): Promise<KeysView> => ({
    keys: await keys.listKeys(),
    plans: Object.keys(plans),
    csrf: c.var.admin.csrf,
    now: now(),
    ...extra,
  })

  app.get('/admin', async (c) => page(c, keysPage(await keysView(c)), 'Keys'))

  app.post('/admin/keys', async (c) => {
    const form = await readForm(c)
    const plan = String(form?.get('plan') ?? '')
    const name =
      String(form?.get('name') ?? '')
        .trim()
        .slice(0, 64) || null
    if (!plans[plan])
      return page(c, keysPage(await keysView(c, { message: `There is no plan ${plan}.` })), 'Keys', 400)
    const scoped = readAccessForm(form, 'defaults')
    if (!scoped.ok) return page(c, keysPage(await keysView(c, { message: scoped.message })), 'Keys', 400)
    const created = await createKey(keys, plans, {
      plan,
      name,
      mode: form?.get('test') ? 'test' : 'live',
      scopes: scoped.scopes,
      allowedOrigins: scoped.allowedOrigins,
      now: now(),
    })
    await access.audit(
      c.var.admin.name,
      'create key',
      `${created.record.id} (${plan}; scopes ${scoped.scopes.join(',')}; ${describeOrigins(scoped.allowedOrigins)})`,
    )
    const view = await keysView(c, { created: { id: created.record.id, key: created.key } })
    return page(c, keysPage(view), 'Keys', 201)
  })

  app.post('/admin/keys/:id/revoke', async (c) => {
    const id = c.req.param('id')
    if (!KEY_ID.test(id) || !(await keys.revokeKey(id, now())))
      return page(c, keysPage(await keysView(c, { message: `No active key ${id}.` })), 'Keys', 404)
    await access.audit(c.var.admin.name, 'revoke key', id)
    return redirect(c, '/admin')
  })

  app.post('/admin/keys/:id/plan', async (c) => {
    const id = c.req.param('id')
    const plan = String((await readForm(c))?.get('plan') ?? '')
    const key = KEY_ID.test(id) ? await keys.findKeyById(id) : null
    if (!key || !plans[plan])
      return page(c, keysPage(await keysView(c, { message: `No key ${id} or plan ${plan}.` })), 'Keys', 400)
    await keys.setPlan(id, plan, plan === 'trial' ? key.trialEndsAt : null)
    await access.audit(c.var.admin.name, 'change plan', `${id} → ${plan}`)
    return redirect(c, '/admin')
  })

  app.post('/admin/keys/:id/access', async (c) => {
    const id = c.req.param('id')
    const key = KEY_ID.test(id) ? await keys.findKeyById(id) : null
    if (!key) return page(c, keysPage(await keysView(c, { message: `No key ${id}.` })), 'Keys', 404)
    const scoped = readAccessForm(await readForm(c))
    if (!scoped.ok)
      return page(c, keysPage(await keysView(c, { message: `${id}: ${scoped.message}` })), 'Keys', 400)
    await keys.setScopes(id, scoped.scopes)
    await keys.setAllowedOrigins(id, scoped.allowedOrigins)
    await access.audit(
      c.var.admin.name,
      'change scopes and origins',
      `${id}: scopes ${scoped.scopes.join(',')}; ${describeOrigins(scoped.allowedOrigins)}`,
    )
    return redirect(c, '/admin')
  })

  app.get('/admin/usage', async (c) => {
    const at = now()
    const month = monthOf(at)
    const all = await keys.listKeys()
    const used = new Map((await usage.usage(month)).map((r) => [r.keyId, r.used]))
    const live = all.filter((k) => k.mode === 'live')
    const rows = await Promise.all(
      live.map(async (k) => {
        const plan = plans[k.plan]
        const burst = plan && k.revokedAt === null ? await limits.burstHeadroom(k.id, plan, at) : null
        return {
          id: k.id,
          name: k.name,
          used: used.get(k.id) ?? 0,
          limit: plan?.perMonth ?? null,
          stamps: await stamps.used(k.id, month),
          stampLimit: plan ? stampsPerMonth(plan) : null,
          burst: burst && { free: burst.remaining, perMinute: burst.limit, resetMs: burst.resetMs },
        }
      }),
    )
    const history = []
    const d = new Date(at)
    for (let i = MONTHS_SHOWN - 1; i >= 0; i--) {
      const m = monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1))
      const total = (await usage.usage(m)).reduce((n, r) => n + r.used, 0)
      history.push({ label: m, value: total })
    }
    return page(c, usagePage({ month, rows, history }), 'Usage')
  })

  app.get('/admin/verdicts', async (c) => {
    const all = (await keys.listKeys()).map((k) => ({ id: k.id, name: k.name }))
    const asked = c.req.query('key')
    const keyId = all.find((k) => k.id === asked)?.id ?? all[0]?.id ?? null
    const view: VerdictsView = {
      keys: all,
      keyId,
      days: VERDICT_CHART_DAYS,
      perDay: [],
      buckets: [],
      reasons: [],
      actions: [],
    }
    if (keyId !== null) {
      const at = now()
      const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)
      const days = Array.from({ length: VERDICT_CHART_DAYS }, (_, i) =>
        dayOf(at - (VERDICT_CHART_DAYS - 1 - i) * 86_400_000),
      )
      const counts = await verdicts.read(keyId, days[0]!, days.at(-1)!)
      const sum = (pick: (c: (typeof counts)[number]) => boolean) =>
        counts.filter(pick).reduce((n, c) => n + c.count, 0)
      view.perDay = days.map((d) => ({
        label: d.slice(5),
        value: sum((c) => c.kind === 'bucket' && c.day === d),
      }))
      view.buckets = Array.from({ length: 10 }, (_, i) => (i / 10).toFixed(1)).map((b) => ({
        label: b,
        value: sum((c) => c.kind === 'bucket' && c.name === b),
      }))
      const reasonNames = [...new Set(counts.filter((c) => c.kind === 'reason').map((c) => c.name))]
      view.reasons = reasonNames
        .map((r) => ({ label: r, value: sum((c) => c.kind === 'reason' && c.name === r) }))
        .sort((a, b) => b.value - a.value)
        .slice(0, 12)
      const actionNames = [...new Set(counts.map((c) => c.action))].sort()
      view.actions = actionNames.map((a) => ({
        action: a,
        total: sum((c) => c.kind === 'bucket' && c.action === a),
        human: sum((c) => c.kind === 'bucket' && c.action === a && Number(c.name) >= HUMAN_THRESHOLD),
      }))
    }
    return page(c, verdictsPage(view), 'Verdicts')
  })

  const keyChoice = async (asked: string | undefined) => {
    const all = (await keys.listKeys()).map((k) => ({ id: k.id, name: k.name }))
    return { all, keyId: all.find((k) => k.id === asked)?.id ?? all[0]?.id ?? null }
  }
  const webhooksView = async (
    c: Context,
    asked: string | undefined,
    extra: Partial<WebhooksView> = {},
  ): Promise<WebhooksView> => {
    const { all, keyId } = await keyChoice(asked)
    return {
      keys: all,
      keyId,
      destinations: keyId ? await webhooks.list(keyId) : [],
      deliveries: keyId ? await webhooks.deliveries(keyId, { limit: 50 }) : [],
      csrf: c.var.admin.csrf,
      ...extra,
    }
  }
  const webhooksAnswer = async (c: Context, asked: string, extra: Partial<WebhooksView>, status = 200) =>
    page(c, webhooksPage(await webhooksView(c, asked, extra)), 'Webhooks', status)

  app.get('/admin/webhooks', async (c) => webhooksAnswer(c, c.req.query('key') ?? '', {}))
  app.post('/admin/webhooks/rotate', async (c) => {
    const form = await readForm(c)
    const keyId = String(form?.get('key') ?? '')
    const type = String(form?.get('type') ?? '')
    const known = (WEBHOOK_TYPES as string[]).includes(type)
    const rotated = known ? await webhooks.rotateSecret(keyId, type as WebhookType) : null
    if (!rotated?.ok) return webhooksAnswer(c, keyId, { message: `No ${type} webhook for ${keyId}.` }, 404)
    await access.audit(c.var.admin.name, 'rotate webhook secret', `${keyId} ${type}`)
    return webhooksAnswer(c, keyId, { secret: { type, value: rotated.secret } })
  })
  app.post('/admin/webhooks/redeliver', async (c) => {
    const form = await readForm(c)
    const keyId = String(form?.get('key') ?? '')
    const id = String(form?.get('id') ?? '')
    const outcome = await webhooks.redeliver(keyId, id)
    if (!outcome.ok) return webhooksAnswer(c, keyId, { message: outcome.message }, 404)
    await access.audit(c.var.admin.name, 'redeliver webhook', `${keyId} ${id}`)
    return redirect(c, `/admin/webhooks?key=${encodeURIComponent(keyId)}`)
  })

  const hostedAnswer = async (c: Context, asked: string, extra: Partial<HostedView>, status = 200) => {
    const { all, keyId } = await keyChoice(asked)
    const settings = keyId ? await hosted().keySettings(keyId) : DEFAULT_KEY_SETTINGS
    const view = { keys: all, keyId, settings, csrf: c.var.admin.csrf, ...extra }
    return page(c, hostedPage(view), 'Hosted check', status)
  }
  /** the key a settings form names, when it is one */
  const formKey = async (form: FormData | undefined) => {
    const id = String(form?.get('key') ?? '')
    return KEY_ID.test(id) && (await keys.findKeyById(id)) ? id : null
  }
  app.get('/admin/hosted', async (c) => hostedAnswer(c, c.req.query('key') ?? '', {}))
  app.post('/admin/hosted/theme', async (c) => {
    const form = await readForm(c)
    const keyId = await formKey(form)
    if (!keyId) return hostedAnswer(c, '', { message: 'No such key.' }, 404)
    const text = (name: string) => String(form?.get(name) ?? '')
    const draft = { name: text('name'), logoUrl: text('logoUrl'), accent: text('accent') }
    const theme = checkTheme(draft)
    if (!theme.ok) {
      const label = theme.field === 'logoUrl' ? 'The logo' : 'The accent colour'
      return hostedAnswer(c, keyId, { message: `${label} ${theme.message}.`, draft }, 400)
    }
    await hosted().setKeySettings(keyId, theme.value)
    await access.audit(c.var.admin.name, 'set hosted theme', keyId)
    return hostedAnswer(c, keyId, { saved: true })
  })
  app.post('/admin/hosted/origins', async (c) => {
    const form = await readForm(c)
    const keyId = await formKey(form)
    if (!keyId) return hostedAnswer(c, '', { message: 'No such key.' }, 404)
    const lines = String(form?.get('origins') ?? '')
      .split(/\s+/)
      .filter(Boolean)
    const origins = checkOrigins(lines)
    if (!origins.ok) return hostedAnswer(c, keyId, { message: origins.message }, 400)
    await hosted().setKeySettings(keyId, { redirectOrigins: origins.value })
    await access.audit(c.var.admin.name, 'set redirect origins', keyId)
    return hostedAnswer(c, keyId, { saved: true })
  })

  app.route('/', checksRoutes({ keys, access, hosted, idv, now, render: page, redirect }))

  app.get('/admin/signing', async (c) =>
    page(c, signingPage(await secrets.signingKeys(), c.var.admin.csrf), 'Signing keys'),
  )
  app.post('/admin/signing/rotate', async (c) => {
    const kid = await createSigningKey(secrets, now())
    await access.audit(c.var.admin.name, 'rotate signing key', kid)
    return redirect(c, '/admin/signing')
  })
  app.post('/admin/signing/:kid/retire', async (c) => {
    const kid = c.req.param('kid')
    const all = await secrets.signingKeys()
    // the last key is never removed: the server would make a new one, and say nothing of it
    if (all.length < 2 || !all.some((k) => k.kid === kid))
      return page(c, signingPage(all, c.var.admin.csrf), 'Signing keys', 400)
    await secrets.retireSigningKey(kid)
    await access.audit(c.var.admin.name, 'retire signing key', kid)
    return redirect(c, '/admin/signing')
  })

  app.get('/admin/audit', async (c) => page(c, auditPage(await access.auditLog(200)), 'Audit log'))

  return app
}
