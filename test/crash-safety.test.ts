/**
 * Crash safety of the real server process on the embedded store: a SIGKILL in the middle of a load of
 * successful verifications loses no counted use, no key and no data; SIGTERM lets in-flight requests
 * finish and exits cleanly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HTTP_SERVER_OPTIONS } from '../server/http/node-server.ts'
import { cli, startServer, type ServerProcess } from './helpers/processes.ts'

let dir: string
let env: Record<string, string>
let key: string
let id: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'huma-crash-'))
  const plans = join(dir, 'plans.json')
  writeFileSync(plans, JSON.stringify({ loadtest: { perMinute: 1_000_000, perMonth: 100_000_000 } }))
  env = { HUMA_DATA_DIR: join(dir, 'data'), HUMA_PLANS: plans, HUMA_DEMO: 'off' }
  const created = cli(['keys', 'create', '--plan', 'loadtest', '--json'], env)
  expect(created.code, created.stderr).toBe(0)
  ;({ key, id } = JSON.parse(created.stdout) as { key: string; id: string })
})
const servers: ServerProcess[] = []
const start = async () => {
  const server = await startServer(env)
  servers.push(server)
  return server
}
afterAll(async () => {
  // a failed expectation must not leave a server behind
  await Promise.all(servers.map((s) => s.stop('SIGKILL')))
  rmSync(dir, { recursive: true, force: true })
})

function usedThisMonth(): number {
  const result = cli(['usage', id, '--json'], env)
  expect(result.code, result.stderr).toBe(0)
  const rows = JSON.parse(result.stdout) as { id: string; used: number }[]
  return rows.find((r) => r.id === id)?.used ?? 0
}

const verify = (url: string, userId: string) =>
  fetch(`${url}/api/v1/verify`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId }),
  })

describe('crash safety', () => {
  it('counts at least every 200 the clients saw when the server is SIGKILLed mid-load, and loses no key or data', async () => {
    const server = await start()
    const before = usedThisMonth()
    let ok = 0
    let other = 0
    let noAnswer = 0
    let n = 0
    let killed = false
    const worker = async () => {
      while (!killed) {
        try {
          const res = await verify(server.url, `load_${n++}`)
          await res.arrayBuffer()
          if (res.status === 200) ok++
          else other++
        } catch {
          noAnswer++ // in flight when the process died, or refused after
          return
        }
      }
    }
    const workers = Array.from({ length: 32 }, worker)
    await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1000))
    const okBeforeKill = ok
    server.child.kill('SIGKILL')
    await server.stop()
    killed = true
    await Promise.all(workers)

    const used = usedThisMonth() - before
    console.log(
      `SIGKILL after ${okBeforeKill} answers: clients saw ${ok} x 200, ${other} other, ${noAnswer} without an answer; usage counted ${used}`,
    )
    expect(ok).toBeGreaterThan(100)
    expect(other).toBe(0)
    expect(used).toBeGreaterThanOrEqual(ok)
    expect(used).toBeLessThanOrEqual(ok + noAnswer)

    const db = new Database(join(env.HUMA_DATA_DIR!, 'huma.sqlite'), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect((db.prepare('SELECT count(*) AS n FROM api_keys WHERE id = ?').get(id) as { n: number }).n).toBe(1)
    db.close()

    const restarted = await start()
    try {
      const res = await verify(restarted.url, 'after_restart')
      expect(res.status).toBe(200)
      expect(usedThisMonth() - before).toBe(used + 1)
    } finally {
      expect(await restarted.stop()).toBe(0)
    }
  }, 60_000)

  it('finishes every in-flight request on SIGTERM, refuses new ones, then exits 0', async () => {
    const server = await start()
    const port = Number(new URL(server.url).port)
    // Ten requests whose bodies arrive slowly: in flight on the server when SIGTERM lands.
    const requests = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        slowRequest(port, JSON.stringify({ userId: `graceful_${i}`, action: 'login' })),
      ),
    )
    await sleep(300)
    const t0 = performance.now()
    server.child.kill('SIGTERM')
    await sleep(300)
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    const t1 = performance.now()
    for (const r of requests) r.finish()
    const answers = await Promise.all(requests.map((r) => r.answer))
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 200/)
    expect(await server.stop()).toBe(0)
    const done = performance.now()
    console.log(
      `SIGTERM: ${answers.length} in-flight requests answered 200, exit 0 ${Math.round(done - t1)} ms after they finished sending (${Math.round(done - t0)} ms after the signal)`,
    )
    // the clients kept their connections open: the server closed them once idle instead of waiting them out
    expect(done - t1).toBeLessThan(HTTP_SERVER_OPTIONS.keepAliveTimeout)
  }, 30_000)
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Sends the head and the first bytes of a verify call; `finish()` sends the rest. `answer` is the raw response. */
function slowRequest(port: number, body: string): Promise<{ finish(): void; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    const answer = new Promise<string>((done) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString()
        if (received.includes('"pii_stored":false')) done(received)
      })
      socket.once('close', () => done(received))
    })
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.write(
        `POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      )
      resolve({ finish: () => void socket.write(body.slice(10)), answer })
    })
  })
}
