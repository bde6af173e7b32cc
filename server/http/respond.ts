/** The route edge: the only place where error codes become HTTP statuses. */
import { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** the headers of this request's answer, gathered by setHeader for respond() */
    responseHeaders: Record<string, string>
  }
}

/**
 * Adds a header to this request's answer: the one way to set a response header in this server (lint
 * forbids hono's c.header()), for every answer made by respond(), fail(), html() or send().
 */
export function setHeader(c: Context, name: string, value: string): void {
  const headers = c.get('responseHeaders')
  if (headers) headers[name] = value
  else c.set('responseHeaders', { [name]: value })
}

/**
 * An answer of `contentType` with the headers gathered by setHeader, kept a plain record all the way to
 * Node's writeHead: c.header() and c.json() would build and validate a WHATWG Headers for every answer.
 * A stream (a stored file, decrypted as it is read) is answered the same way, with the same headers.
 */
export function send(
  c: Context,
  body: string | Uint8Array<ArrayBuffer> | ReadableStream,
  contentType: string,
  status = 200,
): Response {
  const headers = c.get('responseHeaders') ?? {}
  headers['Content-Type'] = contentType
  const response = new Response(body, { status, headers })
  sentTypes.set(response, contentType)
  return response
}

/**
 * The Content-Type of each answer made by send(), so a middleware after it can tell a page from an API
 * answer without reading `response.headers`: under @hono/node-server that getter builds a WHATWG Headers
 * from the plain record, the cost send() exists to avoid.
 */
const sentTypes = new WeakMap<Response, string>()

/** The Content-Type send() gave `response`; undefined for an answer made another way. */
export const sentContentType = (response: Response): string | undefined => sentTypes.get(response)

/** A JSON answer (see send). */
export function respond(c: Context, body: unknown, status: number): Response {
  return send(c, JSON.stringify(body), 'application/json', status)
}

/** An HTML page (see send); securityHeaders adds the page policy. */
export function html(c: Context, page: string, status = 200): Response {
  return send(c, page, 'text/html; charset=UTF-8', status)
}

export function fail(c: Context, code: ErrorCode, message: string, retryAfterS?: number): Response {
  if (retryAfterS !== undefined) setHeader(c, 'Retry-After', String(Math.max(1, Math.ceil(retryAfterS))))
  setHeader(c, 'Cache-Control', 'no-store')
  return respond(c, { error: code, message }, ERROR_STATUS[code])
}

/** Node's request under @hono/node-server; undefined under `app.request()` (tests, the demo's calls). */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming
  return incoming instanceof IncomingMessage ? incoming : undefined
}

/**
 * A request header, repeated ones joined by ", " as WHATWG Headers.get does. Under @hono/node-server
 * from Node's own parse: c.req.header() would first build a WHATWG Headers of every header.
 */
export function requestHeader(c: Context, name: Lowercase<string>): string | undefined {
  const incoming = nodeIncoming(c)
  return incoming ? incoming.headersDistinct[name]?.join(', ') : c.req.header(name)
}

const utf8 = new TextDecoder()

/**
 * The JSON body, as read by the readBody middleware (or by hono, on a route outside it); `undefined`
 * when it is not JSON (the caller answers INVALID_REQUEST).
 */
export async function readJson(c: Context): Promise<unknown> {
  try {
    const body = c.get('body') as Uint8Array | undefined
    return body === undefined ? await c.req.json() : JSON.parse(utf8.decode(body))
  } catch {
    return undefined
  }
}

/**
 * The form body (urlencoded or multipart), as read by the readBody middleware; `undefined` when it is
 * not a form.
 */
export async function readForm(c: Context): Promise<FormData | undefined> {
  const body = c.get('body') as Uint8Array<ArrayBuffer> | undefined
  const type = requestHeader(c, 'content-type')
  if (body === undefined || type === undefined) return undefined
  try {
    return await new Response(body, { headers: { 'Content-Type': type } }).formData()
  } catch {
    return undefined
  }
}
