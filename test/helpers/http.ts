/** Serves a Hono app on a free port over real HTTP, and a store that can be told to fail or stall. */
import { serve } from '@hono/node-server'
import type { Hono } from 'hono'
import { StoreUnavailableError, type Store } from '../../server/store/types.ts'

export interface Served {
  url: string
  close(): Promise<void>
}

export function serveApp(app: Hono): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

export interface FaultyStore {
  store: Store
  /** the next `count` key look-ups throw StoreUnavailableError */
  failNext(count: number): void
  /** every key look-up waits this long first */
  stall(ms: number): void
}

/** Wraps a store: the API key look-up, the first store call of every /api request, fails or stalls on demand. */
export function faultyStore(inner: Store): FaultyStore {
  let failures = 0
  let delayMs = 0
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver)
      if (prop !== 'findKeyByHash' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value
      }
      return async (...args: unknown[]) => {
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs))
        if (failures > 0) {
          failures--
          throw new StoreUnavailableError('store down (test)')
        }
        return value.apply(target, args)
      }
    },
  })
  return {
    store,
    failNext: (count) => void (failures = count),
    stall: (ms) => void (delayMs = ms),
  }
}

/** A fetch that counts the requests it passes on. */
export function countingFetch(inner: typeof fetch = fetch) {
  const counter = {
    calls: 0,
    fetch: ((input, init) => {
      counter.calls++
      return inner(input, init)
    }) as typeof fetch,
  }
  return counter
}
