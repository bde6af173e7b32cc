/**
 * Slow and large clients against the real server process, over real sockets: oversized bodies are cut
 * off at the limit without being read whole, slow-loris clients are timed out, and everyone else keeps
 * getting answers meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HTTP_SERVER_OPTIONS } from '../server/http/node-server.ts'
import { MAX_BODY_BYTES } from '../shared/api.ts'
import { cli, startServer, type ServerProcess } from './helpers/processes.ts'

const TEN_MB = 10 * 1024 * 1024
const CHUNK = 16 * 1024

let dir: string
let server: ServerProcess
let key: string
let port: number
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huma-slow-'))
  const env = { HUMA_DATA_DIR: dir, HUMA_DEMO: 'off' }
  const created = cli(['keys', 'create', '--plan', 'scale', '--json'], env)
  expect(created.code, created.stderr).toBe(0)
  key = (JSON.parse(created.stdout) as { key: string }).key
  server = await startServer(env)
  port = Number(new URL(server.url).port)
})
afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** A raw client socket that records what came back and when the server closed it. */
function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
    socket.on('error', () => {}) // a reset by the server is an expected ending here
    const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now())))
    socket.once('connect', () => resolve({ socket, received: () => received, closed }))
    socket.once('error', reject)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function oversized(chunked: boolean) {
  const { socket, received, closed } = await open()
  const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${TEN_MB}`
  socket.write(
    `POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`,
  )
  let sentAtAnswer = -1
  let sent = 0
  const answered = () => {
    if (sentAtAnswer < 0 && received().includes('\r\n\r\n')) sentAtAnswer = sent
    return false
  }
  const chunk = Buffer.alloc(CHUNK, 'a')
  const pouring = (async () => {
    while (sent < TEN_MB && !socket.destroyed && socket.writable) {
      answered()
      const frame = chunked
        ? Buffer.concat([Buffer.from(`${CHUNK.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
        : chunk
      if (!socket.write(frame)) await new Promise((r) => socket.once('drain', r).once('close', r))
      sent += CHUNK
      await sleep(4)
    }
    answered()
  })()
  await Promise.race([closed, sleep(30_000)])
  await pouring
  socket.destroy()
  return { status: received().slice(0, 12), body: received(), sentAtAnswer, sent }
}

describe('large bodies', () => {
  it.each([
    ['with a Content-Length of 10 MB', false],
    ['chunked, with no Content-Length', true],
  ])('are answered 413 and cut off when sent %s, long before the client is done', async (_how, chunked) => {
    const { status, body, sentAtAnswer, sent } = await oversized(chunked)
    console.log(
      `10 MB ${chunked ? 'chunked' : 'with Content-Length'}: 413 after ${sentAtAnswer} bytes sent, connection closed after ${sent}`,
    )
    expect(status).toBe('HTTP/1.1 413')
    expect(body).toContain('"error":"PAYLOAD_TOO_LARGE"')
    // answered within a few chunks of the limit (the kernel's socket buffers hold some in flight) ...
    expect(sentAtAnswer).toBeGreaterThanOrEqual(0)
    expect(sentAtAnswer).toBeLessThan(MAX_BODY_BYTES + 1024 * 1024)
    // ... and the server hung up instead of reading the other 9 MB
    expect(sent).toBeLessThan(TEN_MB)
  })

  it('are answered 431 when the header block alone is over 16 KB', async () => {
    const { socket, received, closed } = await open()
    socket.write(`POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`)
    await closed
    expect(received()).toMatch(/^HTTP\/1\.1 431/)
  })
})

describe('slow clients', () => {
  it('are timed out (headers a byte a second, a body that never ends, an idle keep-alive) while others keep being answered', async () => {
    const started = performance.now()
    const idle = await open()
    idle.socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`)
    const headerLoris = await Promise.all(Array.from({ length: 20 }, () => open()))
    const bodyLoris = await Promise.all(Array.from({ length: 20 }, () => open()))
    let stop = false
    const dripping = headerLoris.map(async ({ socket }) => {
      const request = `POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n`
      for (let i = 0; i < request.length && !stop && !socket.destroyed; i++) {
        socket.write(request[i]!)
        await sleep(1000)
      }
    })
    for (const { socket } of bodyLoris) {
      socket.write(
        `POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Length: 100\r\n\r\n{"userId":`,
      )
    }

    // Meanwhile an ordinary client verifies every 250 ms.
    const answers: number[] = []
    const latencies: number[] = []
    const ordinary = (async () => {
      let n = 0
      while (!stop) {
        const t0 = performance.now()
        const res = await fetch(`${server.url}/api/v1/verify`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ userId: `ordinary_${n++}` }),
        })
        await res.arrayBuffer()
        answers.push(res.status)
        latencies.push(performance.now() - t0)
        await sleep(250)
      }
    })()

    const idleClosed = await idle.closed
    const headerClosed = await Promise.all(headerLoris.map((c) => c.closed))
    const bodyClosed = await Promise.all(bodyLoris.map((c) => c.closed))
    stop = true
    await Promise.all([...dripping, ordinary])

    const slack = HTTP_SERVER_OPTIONS.connectionsCheckingInterval + 3_000
    const seconds = (list: number[]) => list.map((t) => Math.round((t - started) / 100) / 10)
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200/)
    expect(idleClosed - started).toBeGreaterThan(HTTP_SERVER_OPTIONS.keepAliveTimeout - 1_000)
    expect(idleClosed - started).toBeLessThan(HTTP_SERVER_OPTIONS.keepAliveTimeout + slack)
    console.log(
      `idle keep-alive closed after ${seconds([idleClosed])[0]} s, header slow-loris closed after ${Math.max(...seconds(headerClosed))} s, body slow-loris after ${Math.max(...seconds(bodyClosed))} s; ordinary client: ${answers.length} answers, worst ${Math.round(Math.max(...latencies))} ms`,
    )
    for (const t of headerClosed) expect(t - started).toBeLessThan(HTTP_SERVER_OPTIONS.headersTimeout + slack)
    for (const t of bodyClosed) expect(t - started).toBeLessThan(HTTP_SERVER_OPTIONS.requestTimeout + slack)
    // they were cut off by the timeouts, not by a hasty server
    for (const t of headerClosed)
      expect(t - started).toBeGreaterThan(HTTP_SERVER_OPTIONS.headersTimeout - 1_000)
    for (const t of bodyClosed)
      expect(t - started).toBeGreaterThan(HTTP_SERVER_OPTIONS.requestTimeout - 1_000)
    for (const { received } of [...headerLoris, ...bodyLoris])
      expect(received()).toMatch(/^(HTTP\/1\.1 408|$)/)
    expect(answers.length).toBeGreaterThan(20)
    expect(answers.every((s) => s === 200)).toBe(true)
  }, 60_000)
})
