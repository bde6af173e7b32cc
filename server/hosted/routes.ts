/**
 * The hosted check's edge: VerifyYou's two business-connect routes (under `API-KEY:` or
 * `Authorization: Bearer`, the same keys, limits and headers as verify) and the check page's own routes,
 * authorised by the invite's one-time code. Failure codes become statuses here and nowhere else.
 */
import type { Context } from 'hono'
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import {
  completeRequestSchema,
  describeFailure,
  FAILURE_STATUS,
  getStatusRequestSchema,
  registerRequestSchema,
} from '../../shared/contracts/verifyyou.ts'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { html, readJson, respond, send, setHeader } from '../http/respond.ts'
import { readBody } from '../http/body.ts'
import { failure } from '../http/contract-failure.ts'
import { apiKey } from '../keys/auth.ts'
import type { KeyStore } from '../keys/store.ts'
import type { PlanTable } from '../limits/plans.ts'
import type { Limits } from '../limits/service.ts'
import { mount } from '../openapi/route.ts'
import { STORE_RETRY_AFTER_S, StoreUnavailableError } from '../store/types.ts'
import { API_KEY_HEADER_SCHEME } from '../openapi/contract.ts'
import { HOSTED_ROUTES as ROUTES } from './openapi.ts'
import { checkPage, closedPage, themeCss } from './page.ts'
import { CHECK_CSS } from './page-css.ts'
import { CHECK_JS } from './page-script.ts'
import type { RelyingParty } from './passkeys.ts'
import type { Failure, Sessions } from './sessions.ts'
import '../keys/context.ts'

/** The completion carries the snippet's signals (at most 32 KB) and a passkey answer. */
const COMPLETE_MAX_BYTES = 96 * 1024
const CODE = /^[A-Za-z0-9_-]{32}$/

export interface HostedRouteOptions {
  sessions: Sessions
  keys: Pick<KeyStore, 'findKeyByHash'>
  limits: Pick<Limits, 'burst'>
  plans: PlanTable
  now: () => number
  /** the origin people reach this server at (HUMA_PUBLIC_URL); default: the request's own */
  publicUrl?: string
  /** the passkey's relying-party name, shown by the browser */
  rpName?: string
}

const fromFailure = (c: Context, f: Failure) => failure(c, f.code, f.message)

export function hostedRoutes({
  sessions,
  keys,
  limits,
  plans,
  now,
  publicUrl,
  rpName = 'Huma',
}: HostedRouteOptions): OpenAPIHono {
  const originOf = (c: Context) => publicUrl ?? new URL(c.req.url).origin
  const rpOf = (c: Context): RelyingParty => {
    const origin = originOf(c)
    return { origin, id: new URL(origin).hostname, name: rpName }
  }
  const tooLarge = (limit: number) => (c: Context) =>
    failure(c, 'PAYLOAD_TOO_LARGE', `The body must be at most ${limit} bytes`)
  const api = [
    readBody({ maxBytes: MAX_BODY_BYTES, onTooLarge: tooLarge(MAX_BODY_BYTES) }),
    apiKey({ keys, limits, plans, now, scope: 'hosted', apiKeyHeader: true, failWith: failure }),
  ] as const

  const app = new OpenAPIHono()
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKeyHeader', API_KEY_HEADER_SCHEME)
  // this contract's own failure shape for what is thrown, too (the app's onError would answer verify's)
  app.onError((error, c) => {
    if (error instanceof StoreUnavailableError)
      return failure(
        c,
        'SERVICE_UNAVAILABLE',
        'The store cannot be reached; try again shortly',
        STORE_RETRY_AFTER_S,
      )
    if (error instanceof HTTPException) return error.getResponse()
    return failure(c, 'INTERNAL_ERROR', 'Something went wrong on our side')
  })
  mount(app, ROUTES.register, ...api, async (c) => {
    const body = await readJson(c)
    const parsed = registerRequestSchema.safeParse(body)
    if (!parsed.success) return failure(c, 'INVALID_REQUEST', describeFailure(parsed.error, body))
    const registered = await sessions.register(c.var.apiKey, parsed.data)
    if (!registered.ok) return fromFailure(c, registered)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(
      c,
      {
        status: 'success',
        invite_url: `${originOf(c)}/check/${registered.code}`,
        user_id: registered.user.userId,
        connection_verified: registered.user.result !== null,
      },
      200,
    )
  })

  mount(app, ROUTES.getStatus, ...api, async (c) => {
    const body = await readJson(c)
    const parsed = getStatusRequestSchema.safeParse(body)
    if (!parsed.success) return failure(c, 'INVALID_REQUEST', describeFailure(parsed.error, body))
    const status = await sessions.status(c.var.apiKey, parsed.data.reference_user_id)
    if (!status.ok) return fromFailure(c, status)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, status.body, 200)
  })

  mount(app, ROUTES.checkPage, async (c) => {
    setHeader(c, 'Cache-Control', 'no-store')
    const code = c.req.param('code')
    const opened = CODE.test(code) ? await sessions.open(code) : null
    if (!opened?.ok) {
      const why = opened?.code ?? 'DOES_NOT_EXIST'
      return html(c, closedPage(why), FAILURE_STATUS[why])
    }
    const { invite } = opened
    return html(
      c,
      checkPage({
        code,
        inviteUrl: `${originOf(c)}/check/${code}`,
        settings: invite.settings,
        passkey: invite.user.dataRequest === 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID',
      }),
    )
  })

  mount(app, ROUTES.checkTheme, async (c) => {
    const code = c.req.param('code')
    const opened = CODE.test(code) ? await sessions.open(code) : null
    setHeader(c, 'Cache-Control', 'no-store')
    const css = opened?.ok ? themeCss(opened.invite.settings) : ''
    return send(c, css, 'text/css; charset=utf-8')
  })

  const page = readBody({ maxBytes: COMPLETE_MAX_BYTES, onTooLarge: tooLarge(COMPLETE_MAX_BYTES) })
  mount(app, ROUTES.passkeyOptions, page, async (c) => {
    const code = c.req.param('code')
    if (!CODE.test(code)) return failure(c, 'DOES_NOT_EXIST', 'This check link is not known')
    const answer = await sessions.passkeyOptions(code, rpOf(c))
    if (!answer.ok) return fromFailure(c, answer)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(c, answer.options, 200)
  })

  mount(app, ROUTES.complete, page, async (c) => {
    const code = c.req.param('code')
    if (!CODE.test(code)) return failure(c, 'DOES_NOT_EXIST', 'This check link is not known')
    const body = await readJson(c)
    const parsed = completeRequestSchema.safeParse(body)
    if (!parsed.success) return failure(c, 'INVALID_REQUEST', describeFailure(parsed.error, body))
    const done = await sessions.complete({
      code,
      signals: parsed.data.signals,
      passkey: parsed.data.passkey,
      rp: rpOf(c),
    })
    if (!done.ok) return fromFailure(c, done)
    setHeader(c, 'Cache-Control', 'no-store')
    return respond(
      c,
      { status: 'success', redirect: done.redirect, humanness_score: done.humannessScore },
      200,
    )
  })

  mount(app, ROUTES.script, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return send(c, CHECK_JS, 'text/javascript; charset=utf-8')
  })
  mount(app, ROUTES.stylesheet, (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return send(c, CHECK_CSS, 'text/css; charset=utf-8')
  })
  return app
}
