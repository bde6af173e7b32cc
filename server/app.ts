/**
 * The Huma HTTP app. Built from its dependencies so tests can run it with `app.request()` and an
 * in-memory store, without opening a port. server/main.ts is the only file that reads env and listens.
 */
import { fileURLToPath } from 'node:url'
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono } from 'hono'
import type { BlankEnv } from 'hono/types'
import { HTTPException } from 'hono/http-exception'
import { createAdminAccess } from './admin/access.ts'
import { adminRoutes } from './admin/routes.ts'
import { adminSlice } from './admin/store.ts'
import { createChallenges } from './challenge/service.ts'
import { challengeBitsSlice } from './challenge/store.ts'
import { challengeRoute } from './challenge/routes.ts'
import { createDemoRoutes, DEMO_CALLER } from './demo/routes.ts'
import { healthRoutes } from './health/routes.ts'
import { createHostedApp, type HostedOptions } from './hosted/index.ts'
import { openHostedStore } from './hosted/store/index.ts'
import { readApiBody } from './http/body.ts'
import { requestLog } from './http/request-log.ts'
import { fail } from './http/respond.ts'
import { securityHeaders } from './http/security-headers.ts'
import { apiKey } from './keys/auth.ts'
import type { PlanTable } from './limits/plans.ts'
import { limitsRoute } from './limits/routes.ts'
import { createLimits } from './limits/service.ts'
import { silentLogger, type Logger } from './log.ts'
import { observeRequests, observeScores, type Metrics } from './metrics/metrics.ts'
import { metricsRoute } from './metrics/routes.ts'
import { openapiRoutes } from './openapi/routes.ts'
import { noteVerifiedIdentity } from './trust/evidence.ts'
import { trustRoutes } from './trust/routes.ts'
import { createTrustService } from './trust/service.ts'
import type { StandingOf } from './trust/standing.ts'
import { trustSlice } from './trust/store.ts'
import { homeRoutes } from './pages/routes.ts'
import { createUserHasher, type UserHasher } from './secrets/user-hash.ts'
import { createIdv, type IdvOptions } from './idv/index.ts'
import { enqueueThrough } from './idv/webhook.ts'
import { instrumentStore } from './store/instrumented.ts'
import { STORE_RETRY_AFTER_S, StoreUnavailableError, type Store } from './store/types.ts'
import { jwksRoute, tokenVerifyRoute } from './tokens/routes.ts'
import { createTokenService } from './tokens/service.ts'
import { verifyRoute } from './verify/routes.ts'
import { stampRoutes } from './stamps/routes.ts'
import { createStampService } from './stamps/service.ts'
import { stampsSlice } from './stamps/store.ts'
import { createRequestScorer, type ChallengeMode, type ScoreFn } from './verify/scorer.ts'
import { createVerifyService } from './verify/service.ts'
import { createVerdictCounter } from './verdicts/counter.ts'
import { verdictsSlice } from './verdicts/store.ts'
import { createWebhooks, type Webhooks } from './webhooks/index.ts'
import { webhookRoutes } from './webhooks/routes.ts'
import { webhookAdmin } from './webhooks/service.ts'

export interface AppDeps {
  store: Store
  plans: PlanTable
  now?: () => number
  log?: Logger
  /** how long audit tokens stay verifiable */
  tokenTtlDays?: number
  score?: ScoreFn
  /** the demo page's sign-up (off: the page shows, the sign-up answers 503) */
  demo?: boolean
  /** the built snippet served at /huma.js */
  snippetPath?: string
  /** when given: /metrics, and every request, verdict and store operation is measured */
  metrics?: Metrics
  /**
   * The snippet's proof of work: `off` (no /challenge, proofs ignored), `optional` (the default: a bad
   * proof counts against a payload, a missing one does not) or `required`; `bits` its difficulty.
   */
  challenge?: { mode: ChallengeMode | 'off'; bits?: number }
  /** the hosted check (server/hosted/): its public URL and invite lifetime */
  hosted?: HostedOptions
  /** the webhook machinery (server/webhooks/); main.ts passes the one its jobs run, tests their own */
  webhooks?: Webhooks
  /**
   * The dashboard at /admin (server/admin/): mounted when given, on once an operator token exists
   * (`token`, from HUMA_ADMIN_TOKEN, or one made by `huma admin token create`); `remote` serves it to
   * addresses other than loopback.
   */
  admin?: { token?: string; remote?: boolean }
  /** identity verification (`/verif/...`, server/idv/): mounted when given */
  idv?: IdvOptions
  /**
   * A user's standing (enrolment, last judged human, trust score) for content stamps; by default the
   * trust system's (server/trust/), which tests replace with a stand-in
   */
  standingOf?: StandingOf
}

export const DEFAULT_SNIPPET_PATH = fileURLToPath(new URL('../dist/huma.js', import.meta.url))

export function createApp({
  store: baseStore,
  plans,
  now = Date.now,
  log = silentLogger,
  tokenTtlDays = 365,
  score,
  demo = false,
  snippetPath = DEFAULT_SNIPPET_PATH,
  metrics,
  challenge = { mode: 'optional' },
  hosted = {},
  webhooks = createWebhooks({ store: baseStore, now, log }),
  admin,
  idv,
  standingOf: standingOverride,
}: AppDeps): Hono {
  const store = metrics ? instrumentStore(baseStore, metrics) : baseStore
  const challenges =
    challenge.mode === 'off'
      ? null
      : createChallenges(store, {
          ...(challenge.bits === undefined ? {} : { bits: challenge.bits }),
          // looked up on first use: a store slice is built when a call needs it
          keyBits: {
            bits: (keyId) => store.slice(challengeBitsSlice).bits(keyId),
            setBits: (keyId, bits) => store.slice(challengeBitsSlice).setBits(keyId, bits),
          },
        })
  const scoreFn =
    score ??
    createRequestScorer({
      store,
      ...(challenges && challenge.mode !== 'off' ? { challenges, challengeMode: challenge.mode } : {}),
    })
  const tokens = createTokenService(store, { now, ttlDays: tokenTtlDays })
  let hasher: Promise<UserHasher> | null = null
  const userHasher = () => {
    if (!hasher) {
      const creating = createUserHasher(store)
      creating.catch(() => {
        if (hasher === creating) hasher = null
      })
      hasher = creating
    }
    return hasher
  }

  const limits = createLimits(store)
  // the dashboard's verdict charts: aggregate counters, kept in memory and added to the store every few
  // seconds (the slice is looked up when a flush needs it)
  const verdicts = createVerdictCounter({
    add: (counts) => store.slice(verdictsSlice).add(counts),
    read: (keyId, from, to) => store.slice(verdictsSlice).read(keyId, from, to),
  })
  // enrolment, POY verify and the trust score (server/trust/), from the hosted check's records and what
  // verify and identity checks report; its changes go out through the webhook outbox
  const trust = createTrustService({
    store: () => store.slice(trustSlice),
    hosted: () => openHostedStore(store),
    userHasher,
    outbox: webhooks.outbox,
    now,
  })
  const standingOf: StandingOf = standingOverride ?? ((keyId, userId) => trust.standingOf(keyId, userId))
  const verify = createVerifyService({
    limits,
    now,
    userHasher,
    tokens,
    score: metrics ? observeScores(metrics, scoreFn) : scoreFn,
    onVerdict: verdicts.record,
    onHuman: trust.noteHuman,
  })
  // The demo's backend verifies through a verify service of its own, under no API key: real scoring,
  // sandbox tokens, no month, no burst window a customer shares. Its visitors are limited per address.
  const demoVerify = createVerifyService({ limits, now, userHasher, tokens, score: scoreFn, demo: true })

  // an OpenAPIHono: the routes features mount with defineRoute/mount (server/openapi/route.ts) gather in
  // its OpenAPI registry, from which /openapi.json is generated
  const app = new OpenAPIHono<BlankEnv>()
  if (metrics) app.use('*', observeRequests(metrics))
  app.use('*', requestLog(log))
  app.use('*', securityHeaders())
  app.use('/api/*', readApiBody())
  app.use('/api/v1/*', apiKey({ keys: store, limits, plans, now, scope: 'verify' }))
  app.route('/', verifyRoute({ verify }))
  app.route('/', limitsRoute({ limits, now }))
  app.route('/', tokenVerifyRoute({ tokens, userHasher, store }))
  app.route('/', jwksRoute({ tokens }))
  app.route('/', healthRoutes({ store }))
  if (challenges) app.route('/', challengeRoute({ challenges, now }))
  if (metrics) app.route('/', metricsRoute({ metrics }))
  app.route(
    '/',
    createDemoRoutes({
      enabled: demo,
      snippetPath,
      now,
      verify: (request) => demoVerify.verify(DEMO_CALLER, request),
    }),
  )
  // the hosted check writes USER_VERIFICATION_COMPLETED into the webhooks' outbox in the same transaction
  // as the completion
  app.route(
    '/',
    createHostedApp({
      outbox: webhooks.outbox,
      onCompleted: async (user, reference) => {
        if (reference !== null) await trust.noteHostedCheck(user.keyId, user.refHash, reference)
      },
      ...hosted,
      store,
      limits,
      plans,
      now,
      userHasher,
      score: metrics ? observeScores(metrics, scoreFn) : scoreFn,
    }),
  )
  // a completed identity check goes out through the webhook outbox, unless the caller gives its own seam;
  // a verified one is also the trust score's identity_document signal
  const identity = idv
    ? createIdv({
        ...idv,
        enqueueEvent: noteVerifiedIdentity(trust, idv.enqueueEvent ?? enqueueThrough(webhooks.outbox)),
        store,
        plans,
        now,
        userHasher,
      })
    : null
  app.route('/', trustRoutes({ trust, keys: store, limits, plans, now }))
  // content stamps: the same keys, limits and signing keys; a stamp's webhook goes into the outbox in the
  // stamp's own transaction
  const stamps = createStampService({
    store: () => store.slice(stampsSlice),
    tokens,
    userHasher,
    standingOf,
    outbox: webhooks.outbox,
    keys: store,
    now,
  })
  app.route('/', stampRoutes({ stamps, keys: store, limits, plans, now }))
  const webhookOps = webhookAdmin(webhooks)
  app.route('/', webhookRoutes({ admin: webhookOps, keys: store, limits, plans, now, log }))
  if (admin) {
    const access = createAdminAccess({ store: store.slice(adminSlice), envToken: admin.token, now })
    app.route(
      '/',
      adminRoutes({
        access,
        keys: store,
        usage: store,
        stamps: { used: (keyId, month) => store.slice(stampsSlice).used(keyId, month) },
        limits,
        secrets: store,
        verdicts,
        webhooks: webhookOps,
        hosted: () => openHostedStore(store),
        ...(identity ? { idv: identity.admin } : {}),
        plans,
        now,
        remote: admin.remote ?? false,
      }),
    )
  }
  if (identity) app.route('/', identity.routes)
  // each route is documented where it is mounted (identity checks only with idv)
  app.route('/', openapiRoutes({ app }))
  app.route('/', homeRoutes({ demo, metrics: metrics !== undefined }))

  // the path is not echoed: an answer that repeats its request is a reflection waiting for a sniffer
  app.notFound((c) => fail(c, 'NOT_FOUND', 'no such route; see /docs'))
  app.onError((error, c) => {
    if (error instanceof StoreUnavailableError) {
      log.error('store unavailable', { route: c.req.routePath })
      return fail(
        c,
        'SERVICE_UNAVAILABLE',
        'the store cannot be reached; try again shortly',
        STORE_RETRY_AFTER_S,
      )
    }
    if (error instanceof HTTPException) return error.getResponse()
    log.error('unhandled error', { route: c.req.routePath, error: error.name })
    return fail(c, 'INTERNAL_ERROR', 'something went wrong on our side')
  })
  return app
}
