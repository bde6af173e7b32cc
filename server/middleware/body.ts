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
import { nodeIncoming, requestHeader } from '../http.ts'

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

const EMPTY = new Uint8Array(0)

/**
 * Node's request stream, whole; null past `maxBytes` (reading stops there). A client that goes away
 * mid-body leaves what arrived, which will not parse.
 */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
  if (incoming.readableEnded) return Promise.resolve(EMPTY)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (body: Uint8Array | null) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onEnd).off('close', onEnd)
      resolve(body)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) return void chunks.push(chunk)
      incoming.pause()
      finish(null)
    }
    const onEnd = () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))
    incoming.on('data', onData).on('end', onEnd).on('error', onEnd).on('close', onEnd)
  })
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
