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
import type { PlanTable } from './plans.ts'
import { createDemoRoutes } from './routes/demo.ts'
import { healthRoutes } from './routes/health.ts'
import { metricsRoute } from './routes/metrics.ts'
import { openapiRoutes } from './routes/openapi.ts'
import { jwksRoute, tokenVerifyRoute } from './routes/tokens.ts'
import { verifyRoute } from './routes/verify.ts'
import { createScorer, type ScoreFn } from './scorer.ts'
import { instrumentStore } from './store/instrumented.ts'
import { StoreUnavailableError, type Store } from './store/types.ts'
import { createTokenService } from './tokens.ts'
import { createUserHasher, type UserHasher } from './user-hash.ts'

export interface AppDeps {
  store: Store
  plans: PlanTable
  now?: () => number
  log?: Logger
  /** how long audit tokens stay verifiable */
  tokenTtlDays?: number
  score?: ScoreFn
  /** the key the demo backend verifies with; null or absent turns the demo's sign-up off */
  demoKey?: string | null
  /** the built snippet served at /huma.js */
  snippetPath?: string
  /** when given: /metrics, and every request, verdict and store operation is measured */
  metrics?: Metrics
}

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
  demoKey = null,
  snippetPath = DEFAULT_SNIPPET_PATH,
  metrics,
}: AppDeps): Hono {
  const store = metrics ? instrumentStore(baseStore, metrics) : baseStore
  const scoreFn = score ?? createScorer({ store })
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
  if (metrics) app.route('/', metricsRoute({ metrics }))
  app.route('/', createDemoRoutes({ demoKey, snippetPath, callVerify: async (req) => app.request(req) }))
  app.route('/', openapiRoutes())

  app.notFound((c) => fail(c, 'NOT_FOUND', `no route ${c.req.method} ${new URL(c.req.url).pathname}`))
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
