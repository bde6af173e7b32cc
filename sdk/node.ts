/**
 * The Huma client: `import Huma, { HumaError } from 'huma/node'`. Runs anywhere with a global
 * `fetch` (Node 18+, Deno, Bun, workers, browsers) and depends on nothing.
 */
import { HumaError, parseRetryAfter } from './errors.ts'
import { retryDelay, type RetryPolicy } from './retry.ts'
import type { TokenVerifyResponse, VerifyResponse } from './types.ts'

export { HumaError } from './errors.ts'
export type { ClientErrorCode, HumaErrorCode, HumaErrorInit } from './errors.ts'
export type { ErrorCode, Reason, TokenClaims, TokenVerifyResponse, VerifyResponse } from './types.ts'

export const DEFAULT_BASE_URL = 'http://localhost:8787'

export interface HumaOptions {
  /** where the Huma server is; default `HUMA_URL` from the environment, else http://localhost:8787 */
  baseUrl?: string
  /** per attempt, including reading the body; default 5000 */
  timeoutMs?: number
  /** retries after the first attempt (503, 502, 504, network errors, timeouts); default 2 */
  retries?: number
  /** bound on the whole call, attempts and waits together; default 15000 */
  maxRetryTimeMs?: number
  /** first backoff cap; each retry doubles it (full jitter: the wait is random below the cap); default 250 */
  retryBaseDelayMs?: number
  /** largest backoff cap; default 4000 */
  retryMaxDelayMs?: number
  /** also retry 429 BURST_LIMIT_EXCEEDED after its Retry-After, when that fits in maxRetryTimeMs; default false */
  retryOn429?: boolean
  /** a custom fetch (tests, proxies, instrumentation); default the global one */
  fetch?: typeof fetch
}

export interface VerifyOptions {
  /** what the snippet collected: the `huma_signals` form field, or `Huma.signals()` */
  signals?: string | undefined
  /** what the user is doing: `signup`, `login`, `checkout`... */
  action?: string | undefined
}

type Env = { process?: { env?: Record<string, string | undefined> } }
const env = (name: string) => (globalThis as Env).process?.env?.[name]

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export default class Huma {
  readonly baseUrl: string
  readonly #key: string
  readonly #timeoutMs: number
  readonly #maxRetryTimeMs: number
  readonly #retry: RetryPolicy
  readonly #fetch: typeof fetch

  /** `key` defaults to `HUMA_API_KEY` from the environment. Its format is checked by the server. */
  constructor(key?: string, options: HumaOptions = {}) {
    const {
      baseUrl = env('HUMA_URL') ?? DEFAULT_BASE_URL,
      timeoutMs = 5000,
      retries = 2,
      maxRetryTimeMs = 15_000,
      retryBaseDelayMs = 250,
      retryMaxDelayMs = 4000,
      retryOn429 = false,
      fetch: fetcher = (input, init) => globalThis.fetch(input, init),
    } = options
    this.baseUrl = baseUrl.replace(/\/+$/, '')
    this.#key = key ?? env('HUMA_API_KEY') ?? ''
    this.#timeoutMs = timeoutMs
    this.#maxRetryTimeMs = maxRetryTimeMs
    this.#retry = { retries, baseDelayMs: retryBaseDelayMs, maxDelayMs: retryMaxDelayMs, retryOn429 }
    this.#fetch = fetcher
  }

  /** The verdict on one user's behaviour. Throws HumaError when Huma answers an error or cannot be reached. */
  verify(userId: string, { signals, action }: VerifyOptions = {}): Promise<VerifyResponse> {
    return this.#post<VerifyResponse>('/api/v1/verify', { userId, signals, action })
  }

  /**
   * Checks an audit token from an earlier verify; with `userId`, also whether it was issued for that
   * user. A token whose key has been revoked since (`key_revoked: true`) is answered `valid: false`.
   */
  async verifyToken(token: string, userId?: string): Promise<TokenVerifyResponse> {
    const answer = await this.#post<TokenVerifyResponse>('/api/v1/tokens/verify', { token, userId })
    if (answer.key_revoked !== true) return answer
    return { ...answer, valid: false, reason: answer.reason ?? 'KEY_REVOKED' }
  }

  async #post<T>(path: string, body: object): Promise<T> {
    const deadline = Date.now() + this.#maxRetryTimeMs
    const payload = JSON.stringify(body)
    let last: HumaError | null = null
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now()
      const outcome = await this.#send(
        path,
        payload,
        Math.max(1, Math.min(this.#timeoutMs, remaining)),
        attempt,
      )
      if (!(outcome instanceof HumaError)) return outcome as T
      // An attempt cut short by the overall time bound tells nothing new: report the last real answer.
      if (outcome.code === 'TIMEOUT' && remaining < this.#timeoutMs && last) throw last
      last = outcome
      const wait = retryDelay(this.#retry, outcome, attempt)
      if (wait === null || Date.now() + wait >= deadline) throw outcome
      await sleep(wait)
    }
  }

  /** One attempt: the parsed body of a 2xx, or the error it amounts to. */
  async #send(path: string, payload: string, timeoutMs: number, attempts: number): Promise<unknown> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
    if (this.#key) headers.Authorization = `Bearer ${this.#key}`
    let response: Response
    let text: string
    try {
      response = await this.#fetch(this.baseUrl + path, {
        method: 'POST',
        headers,
        body: payload,
        signal: controller.signal,
      })
      text = await response.text()
    } catch (cause) {
      return timedOut
        ? new HumaError({
            status: 0,
            code: 'TIMEOUT',
            message: `no answer from Huma within ${timeoutMs} ms`,
            attempts,
            cause,
          })
        : new HumaError({
            status: 0,
            code: 'NETWORK_ERROR',
            message: `cannot reach Huma at ${this.baseUrl}`,
            attempts,
            cause,
          })
    } finally {
      clearTimeout(timer)
    }
    const body = parseJson(text)
    if (response.ok && body !== null) return body
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'))
    if (body !== null && typeof body.error === 'string' && typeof body.message === 'string') {
      return new HumaError({
        status: response.status,
        code: body.error as HumaError['code'],
        message: body.message,
        retryAfter,
        attempts,
      })
    }
    const message = `unexpected answer from Huma: HTTP ${response.status}`
    return new HumaError({
      status: response.status,
      code: 'UNEXPECTED_RESPONSE',
      message,
      retryAfter,
      attempts,
    })
  }
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/** The same class as the default export, for `const { Huma } = require('huma/node')`. */
export { Huma }
