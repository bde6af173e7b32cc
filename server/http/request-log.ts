/** One log line per request: method, matched route pattern, status and duration. Never the URL's query. */
import type { MiddlewareHandler } from 'hono'
import type { Logger } from '../log.ts'

export function requestLog(log: Logger): MiddlewareHandler {
  return async function logRequest(c, next) {
    const started = performance.now()
    await next()
    log.info('request', {
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
    })
  }
}
