/**
 * Prometheus metrics, one registry per app (never prom-client's global one, so apps in one process,
 * like tests, do not collide). Labels are route patterns, methods, status codes, error codes, store
 * operations and key modes: nothing personal, and a small fixed set of values each.
 */
import type { MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts'
import type { ScoreFn } from '../verify/scorer.ts'

export interface Metrics {
  readonly registry: Registry
  readonly requests: Counter<'route' | 'method' | 'status'>
  readonly verifyDuration: Histogram<'status'>
  readonly confidence: Histogram<'mode'>
  readonly limitRejections: Counter<'code'>
  readonly storeDuration: Histogram<'op'>
  readonly storeErrors: Counter<'op' | 'kind'>
}

export interface MetricsOptions {
  /** also export the process metrics (CPU, memory, event loop lag) */
  processMetrics?: boolean
}

export function createMetrics({ processMetrics = false }: MetricsOptions = {}): Metrics {
  const registry = new Registry()
  const registers = [registry]
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'huma_' })
  return {
    registry,
    requests: new Counter({
      name: 'huma_http_requests_total',
      help: 'HTTP requests by route pattern, method and status code',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    verifyDuration: new Histogram({
      name: 'huma_verify_duration_seconds',
      help: 'POST /api/v1/verify latency, from the first middleware to the response, by status code',
      labelNames: ['status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    confidence: new Histogram({
      name: 'huma_verify_confidence',
      help: 'Confidence of each verdict, by key mode (live, or test for the sandbox)',
      labelNames: ['mode'],
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    }),
    limitRejections: new Counter({
      name: 'huma_limit_rejections_total',
      help: 'Requests refused by a limit, by error code',
      labelNames: ['code'],
      registers,
    }),
    storeDuration: new Histogram({
      name: 'huma_store_operation_seconds',
      help: 'Store operation latency by operation',
      labelNames: ['op'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    storeErrors: new Counter({
      name: 'huma_store_errors_total',
      help: 'Failed store operations by operation and kind (unavailable, or other)',
      labelNames: ['op', 'kind'],
      registers,
    }),
  }
}

const LIMIT_CODES: ReadonlySet<string> = new Set(
  (Object.keys(ERROR_STATUS) as ErrorCode[]).filter(
    (code) => ERROR_STATUS[code] === 429 || code === 'TRIAL_EXPIRED',
  ),
)

/** Counts every request under its route pattern (never its URL), and times the verify route. */
export function observeRequests(metrics: Metrics): MiddlewareHandler {
  return async function countRequest(c, next) {
    const started = performance.now()
    await next()
    const status = String(c.res.status)
    const route = [...matchedRoutes(c)].reverse().find((r) => r.method !== 'ALL')?.path ?? 'unmatched'
    metrics.requests.inc({ route, method: c.req.method, status })
    if (route === '/api/v1/verify' && c.req.method === 'POST') {
      metrics.verifyDuration.observe({ status }, (performance.now() - started) / 1000)
    }
    if (c.res.status === 429 || c.res.status === 402) {
      const body = (await c.res
        .clone()
        .json()
        .catch(() => null)) as { error?: unknown } | null
      const code = typeof body?.error === 'string' && LIMIT_CODES.has(body.error) ? body.error : 'other'
      metrics.limitRejections.inc({ code })
    }
  }
}

/** Wraps the scoring seam so every verdict's confidence lands in the histogram. */
export function observeScores(metrics: Metrics, score: ScoreFn): ScoreFn {
  return async function scoreObserved(input) {
    const result = await score(input)
    metrics.confidence.observe({ mode: input.sandbox ? 'test' : 'live' }, result.confidence)
    return result
  }
}
