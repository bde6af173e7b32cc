/**
 * Reads the body of an API request once, refusing one over `maxBytes` before reading on: a
 * Content-Length over the limit is refused unread, a chunked body as soon as it passes the limit.
 * Routes take it with readJson (server/http.ts).
 *
 * Under @hono/node-server the bytes come straight from Node's request stream: the WHATWG Request that
 * hono would otherwise build around it (undici's Request, a ReadableStream, an AbortController) costs
 * more per verify call than parsing its JSON. Elsewhere (`app.request()` in tests) the Request is read.
 */
import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { MAX_BODY_BYTES } from '../../shared/api.ts'
import { fail, nodeIncoming, requestHeader } from './respond.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** the request body, read whole by readBody; absent on GET and HEAD */
    body: Uint8Array
  }
}

export interface ReadBodyOptions {
  maxBytes: number
  onTooLarge: (c: Context) => Response
}

export function readBody({ maxBytes, onTooLarge }: ReadBodyOptions): MiddlewareHandler {
  return async function readBodyOnce(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = requestHeader(c, 'content-length')
    if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined) {
      if (Number(length) > maxBytes) return onTooLarge(c)
    }
    const incoming = nodeIncoming(c)
    const body = incoming
      ? await readIncoming(incoming, maxBytes)
      : await readStream(c.req.raw.body, maxBytes)
    if (body === null) return onTooLarge(c)
    c.set('body', body)
    return next()
  }
}

/**
 * The API's body limit, MAX_BODY_BYTES, refused with 413 PAYLOAD_TOO_LARGE in Huma's error shape: what
 * /api/*, POY Verify's /v1 routes and the stamp routes read their bodies with.
 */
export const readApiBody = (): MiddlewareHandler =>
  readBody({
    maxBytes: MAX_BODY_BYTES,
    onTooLarge: (c) => fail(c, 'PAYLOAD_TOO_LARGE', `the body must be at most ${MAX_BODY_BYTES} bytes`),
  })

const EMPTY = new Uint8Array(0)

/**
 * Node's request stream, whole; null past `maxBytes` (reading stops there). A client that goes away
 * mid-body leaves what arrived, which will not parse. A class rather than closures: the server runs
 * under tsx, whose keep-names transform would name three fresh listener functions per request.
 */
class IncomingBody {
  readonly #incoming: IncomingMessage
  readonly #maxBytes: number
  readonly #resolve: (body: Uint8Array | null) => void
  readonly #chunks: Buffer[] = []
  #size = 0
  readonly #onData = this.#data.bind(this)
  readonly #onEnd = this.#end.bind(this)

  constructor(incoming: IncomingMessage, maxBytes: number, resolve: (body: Uint8Array | null) => void) {
    this.#incoming = incoming
    this.#maxBytes = maxBytes
    this.#resolve = resolve
    incoming.on('data', this.#onData).on('end', this.#onEnd).on('error', this.#onEnd).on('close', this.#onEnd)
  }

  #data(chunk: Buffer): void {
    this.#size += chunk.length
    if (this.#size <= this.#maxBytes) return void this.#chunks.push(chunk)
    this.#incoming.pause()
    this.#finish(null)
  }

  #end(): void {
    const chunks = this.#chunks
    this.#finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#size))
  }

  #finish(body: Uint8Array | null): void {
    this.#incoming
      .off('data', this.#onData)
      .off('end', this.#onEnd)
      .off('error', this.#onEnd)
      .off('close', this.#onEnd)
    this.#resolve(body)
  }
}

function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
  if (incoming.readableEnded) return Promise.resolve(EMPTY)
  return new Promise((resolve) => new IncomingBody(incoming, maxBytes, resolve))
}

async function readStream(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | null> {
  if (!stream) return EMPTY
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, size)
}
