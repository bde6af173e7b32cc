/**
 * The Huma HTTP app. Built from its dependencies so tests can run it with `app.request()` and an
 * in-memory store, without opening a port. server/main.ts is the only file that reads env and listens.
 */
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { MAX_BODY_BYTES } from '../shared/api.ts'
import { fail } from './http.ts'
import { silentLogger, type Logger } from './log.ts'
import { observeRequests, observeScores, type Metrics } from './metrics.ts'
import { apiKey } from './middleware/api-key.ts'
import { readBody } from './middleware/body.ts'
import { requestLog } from './middleware/request-log.ts'
import { securityHeaders } from './middleware/security-headers.ts'
import type { PlanTable } from './plans.ts'
import { createDemoRoutes } from './routes/demo.ts'
import { healthRoutes } from './routes/health.ts'
import { homeRoutes } from './routes/home.ts'
import { metricsRoute } from './routes/metrics.ts'
import { openapiRoutes } from './routes/openapi.ts'
import { jwksRoute, tokenVerifyRoute } from './routes/tokens.ts'
import { verifyRoute } from './routes/verify.ts'
import { createChallenges } from './challenge.ts'
import { challengeRoute } from './routes/challenge.ts'
import { createScorer, type ChallengeMode, type ScoreFn } from './scorer.ts'
import { instrumentStore } from './store/instrumented.ts'
import { StoreUnavailableError, type ApiKeyRecord, type Store } from './store/types.ts'
import { createTokenService } from './tokens.ts'
import { createUserHasher, type UserHasher } from './user-hash.ts'
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
  /** the webhook machinery (server/webhooks/); main.ts passes the one its jobs run, tests their own */
  webhooks?: Webhooks
}

/** Who the demo's verify calls are made by: no key of the store, so its tokens name `demo` as key_id. */
const DEMO_CALLER: ApiKeyRecord = Object.freeze({
  id: 'demo',
  hash: '',
  mode: 'live',
  plan: 'demo',
  name: 'demo',
  createdAt: 0,
  trialEndsAt: null,
  revokedAt: null,
})

/** Seconds a client is told to wait when the store cannot be reached. */
export const STORE_RETRY_AFTER_S = 5

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
  webhooks = createWebhooks({ store: baseStore, now, log }),
}: AppDeps): Hono {
  const store = metrics ? instrumentStore(baseStore, metrics) : baseStore
  const challenges =
    challenge.mode === 'off'
      ? null
      : createChallenges(store, challenge.bits === undefined ? {} : { bits: challenge.bits })
  const scoreFn =
    score ??
    createScorer({
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

  const app = new Hono()
  if (metrics) app.use('*', observeRequests(metrics))
  app.use('*', requestLog(log))
  app.use('*', securityHeaders())
  app.use(
    '/api/*',
    readBody({
      maxBytes: MAX_BODY_BYTES,
      onTooLarge: (c) => fail(c, 'PAYLOAD_TOO_LARGE', `the body must be at most ${MAX_BODY_BYTES} bytes`),
    }),
  )
  app.use('/api/v1/*', apiKey({ store, plans, now }))
  app.route(
    '/',
    verifyRoute({
      store,
      now,
      userHasher,
      tokens,
      score: metrics ? observeScores(metrics, scoreFn) : scoreFn,
    }),
  )
  app.route('/', tokenVerifyRoute({ tokens, userHasher, store }))
  app.route('/', jwksRoute({ tokens }))
  app.route('/', healthRoutes({ store }))
  if (challenges) app.route('/', challengeRoute({ challenges, now }))
  if (metrics) app.route('/', metricsRoute({ metrics }))
  // The demo's backend verifies through a verify route of its own, under no API key: real scoring, sandbox
  // tokens, no month, no burst window a customer shares. Its visitors are limited per address instead.
  const demoVerify = new Hono()
  demoVerify.use('*', async function demoCaller(c, next) {
    c.set('apiKey', DEMO_CALLER)
    c.set('plan', { perMinute: 0, perMonth: 0 })
    await next()
  })
  demoVerify.route('/', verifyRoute({ store, now, userHasher, tokens, score: scoreFn, demo: true }))
  app.route(
    '/',
    createDemoRoutes({ enabled: demo, snippetPath, now, callVerify: async (req) => demoVerify.request(req) }),
  )
  app.route('/', webhookRoutes({ admin: webhookAdmin(webhooks), store, plans, now, log }))
  app.route('/', openapiRoutes())
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
