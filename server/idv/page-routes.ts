/**
 * GET /verif/ (the hosted page, by one-time session or by the original's api_key query) and the page's
 * own script, stylesheet and per-key theme: nothing the page loads comes from elsewhere.
 */
import type { Context } from 'hono'
import { OpenAPIHono } from '@hono/zod-openapi'
import { html, send, setHeader } from '../http/respond.ts'
import type { PlanTable } from '../limits/plans.ts'
import type { Store } from '../store/types.ts'
import { checkFormKey } from './auth.ts'
import { hashToken, SESSION_TOKEN } from './crypto.ts'
import { themeCss, VERIF_CSS, VERIF_JS, verifPage } from './page.ts'
import type { IdvStore } from './store.ts'
import { mount } from '../openapi/route.ts'
import { idvPageRoute, idvScriptRoute, idvStylesheetRoute, idvThemeRoute } from './openapi.ts'

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

function page(c: Context, body: string, status: 200 | 400 | 401 | 404 = 200) {
  setHeader(c, 'Content-Security-Policy', PAGE_POLICY)
  setHeader(c, 'Cache-Control', 'no-store')
  setHeader(c, 'Permissions-Policy', 'camera=(self), microphone=(), geolocation=()')
  return html(c, body, status)
}

export function idvPageRoutes({
  store,
  idvStore,
  plans,
  now,
}: {
  store: Store
  idvStore: IdvStore
  plans: PlanTable
  now: () => number
}): OpenAPIHono {
  const app = new OpenAPIHono()
  mount(app, idvStylesheetRoute, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return send(c, VERIF_CSS, 'text/css; charset=utf-8')
  })
  mount(app, idvScriptRoute, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return send(c, VERIF_JS, 'text/javascript; charset=utf-8')
  })
  mount(app, idvThemeRoute, async (c) => {
    const keyId = /^(key_[0-9A-Za-z]{16})\.css$/.exec(c.req.param('file'))?.[1]
    const css = keyId ? themeCss(await idvStore.getTheme(keyId)) : ''
    setHeader(c, 'Cache-Control', 'no-cache')
    return send(c, css, 'text/css; charset=utf-8')
  })

  mount(app, idvPageRoute, async (c) => {
    const query = c.req.query()
    if (query.session !== undefined) {
      const token = query.session
      const session = SESSION_TOKEN.test(token) ? await idvStore.peekSession(hashToken(token), now()) : null
      if (!session) {
        return page(
          c,
          verifPage({
            theme: null,
            keyId: null,
            problem: 'This verification link has expired or was already used. Ask for a new one.',
          }),
          404,
        )
      }
      return page(
        c,
        verifPage({ theme: await idvStore.getTheme(session.keyId), keyId: session.keyId, session: token }),
      )
    }
    // the original's form, kept for compatibility: the key travels in the URL (docs/idv.md advises against it)
    const key = query.api_key
    const user = query.user_identifier ?? query.user_id
    if (!key) return page(c, verifPage({ theme: null, keyId: null, problem: 'API key is required' }), 400)
    if (!user?.trim())
      return page(c, verifPage({ theme: null, keyId: null, problem: 'User identifier is required' }), 400)
    const checked = await checkFormKey(store, plans, key, now())
    if (!checked.ok)
      return page(
        c,
        verifPage({ theme: null, keyId: null, problem: 'This verification link is not valid.' }),
        401,
      )
    return page(
      c,
      verifPage({
        theme: await idvStore.getTheme(checked.key.id),
        keyId: checked.key.id,
        apiKey: key,
        userIdentifier: user.slice(0, 256),
        ...(query.user_email ? { userEmail: query.user_email.slice(0, 254) } : {}),
        ...(query.user_phone ? { userPhone: query.user_phone.slice(0, 32) } : {}),
      }),
    )
  })
  return app
}
