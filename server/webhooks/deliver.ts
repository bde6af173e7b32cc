/**
 * One attempt: POST the body to the destination, connected to the address the SSRF check resolved
 * (pinned, so DNS cannot change it between check and connect), with the Standard Webhooks headers.
 * Only a 2xx is a success; a redirect is a failure and is not followed; the whole attempt (connect,
 * TLS, answer) is cut off after the timeout. Returns a result, never throws.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { resolveDestination, type DestinationPolicy } from './destination.ts'
import { parseRetryAfter } from './schedule.ts'
import { webhookHeaders } from './sign.ts'

export const ATTEMPT_TIMEOUT_MS = 15_000
/** What is read of an answer's body (and thrown away): enough to let the connection be reused. */
const MAX_ANSWER_BYTES = 16 * 1024

export interface AttemptInput {
  url: string
  secret: string
  id: string
  body: string
  now: number
}

export type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retryAfterMs: number | null; gone: boolean }

export interface SendOptions extends DestinationPolicy {
  timeoutMs?: number
  userAgent?: string
}

const failure = (error: string, status: number | null = null, retryAfterMs: number | null = null) =>
  ({ ok: false, status, error, retryAfterMs, gone: status === 410 }) as const

export async function sendAttempt(input: AttemptInput, options: SendOptions): Promise<AttemptResult> {
  const { timeoutMs = ATTEMPT_TIMEOUT_MS, userAgent = 'Huma-Webhooks/1' } = options
  let url: URL
  try {
    url = new URL(input.url)
  } catch {
    return failure('the destination URL is not valid')
  }
  const resolved = await resolveDestination(url, options)
  if (!resolved.ok) return failure(`refused: ${resolved.reason}`)
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: resolved.address, family: resolved.family },
      ])
    else callback(null, resolved.address, resolved.family)
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<AttemptResult>((resolve) => {
    let settled = false
    const settle = (result: AttemptResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    const req = request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          'content-type': 'application/json',
          'user-agent': userAgent,
          'content-length': Buffer.byteLength(input.body),
          ...webhookHeaders(input.secret, input.id, input.now, input.body),
        },
        agent: false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0
        let read = 0
        res.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read > MAX_ANSWER_BYTES) res.destroy()
        })
        const done = () => {
          if (status >= 200 && status < 300) settle({ ok: true, status })
          else if (status >= 300 && status < 400)
            settle(failure(`answered ${status}: redirects are not followed`, status))
          else
            settle(
              failure(`answered ${status}`, status, parseRetryAfter(res.headers['retry-after'], input.now)),
            )
        }
        res.on('end', done)
        res.on('close', done)
        res.on('error', done)
      },
    )
    const timer = setTimeout(() => {
      settle(failure(`no answer within ${timeoutMs / 1000} s`))
      req.destroy()
    }, timeoutMs)
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle(failure(`could not connect: ${error.code ?? error.message}`)),
    )
    req.end(input.body)
  })
}
