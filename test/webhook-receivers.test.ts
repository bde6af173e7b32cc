/**
 * The receivers of docs/webhooks.md, run as written (the doc's code is the example files, checked here):
 * each is started with plain node, configured as a destination of a real Huma server (dist/server.mjs),
 * gets a real delivery, checks its signature, and refuses a forged one.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createWebhooks } from '../server/webhooks/index.ts'
import { sign } from '../server/webhooks/sign.ts'
import { cli, freePort, ROOT, startServer, type ServerProcess } from './helpers/processes.ts'

const EXAMPLES = [
  'examples/webhook-receiver/node-crypto.mjs',
  'examples/webhook-receiver/standardwebhooks.mjs',
]

let dir: string
let env: Record<string, string>
let huma: ServerProcess
let key: string
let keyId: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huma-receivers-'))
  env = { HUMA_DATA_DIR: join(dir, 'data'), HUMA_DEMO: 'off', HUMA_DEV_MODE: 'on' }
  const created = cli(['keys', 'create', '--plan', 'starter', '--json'], env)
  expect(created.code, created.stderr).toBe(0)
  ;({ key, id: keyId } = JSON.parse(created.stdout) as { key: string; id: string })
  huma = await startServer(env, { entry: 'dist/server.mjs' })
}, 60_000)
afterAll(async () => {
  await huma?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function startReceiver(file: string, port: number, secret: string) {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, file)], {
    env: { ...process.env, PORT: String(port), HUMA_WEBHOOK_SECRET: secret, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  for (let i = 0; !output.includes('listening'); i++) {
    if (child.exitCode !== null || i > 100) throw new Error(`${file} did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return { child, output: () => output }
}

describe('docs/webhooks.md', () => {
  it('shows the receiver examples exactly as they are in examples/', () => {
    const doc = readFileSync(join(ROOT, 'docs/webhooks.md'), 'utf8')
    for (const file of EXAMPLES) expect(doc).toContain('```js\n' + readFileSync(join(ROOT, file), 'utf8'))
  })

  it.each(EXAMPLES)(
    '%s checks a real delivery’s signature, handles it once, and refuses a forged one',
    async (file) => {
      const port = await freePort()
      const url = `http://127.0.0.1:${port}/webhooks`
      const res = await fetch(`${huma.url}/v1/webhook/admin/config/create_or_edit`, {
        method: 'POST',
        headers: { 'API-KEY': key, 'Content-Type': 'application/json' },
        body: JSON.stringify({ webhook_type: 'USER_VERIFICATION_COMPLETED', destination_url: url }),
      })
      expect(res.status).toBe(200)
      const answer = (await res.json()) as { secret?: string }
      // the secret is shown once: on the first example's creation; the second one rotates it to get one
      const secret =
        answer.secret ??
        (
          (await (
            await fetch(`${huma.url}/v1/webhook/admin/config/rotate_secret`, {
              method: 'POST',
              headers: { 'API-KEY': key, 'Content-Type': 'application/json' },
              body: JSON.stringify({ webhook_type: 'USER_VERIFICATION_COMPLETED' }),
            })
          ).json()) as { secret: string }
        ).secret
      const receiver = await startReceiver(file, port, secret)
      try {
        const side = openEmbeddedStore(env.HUMA_DATA_DIR!)
        let id: string
        try {
          id = await createWebhooks({ store: side }).outbox.enqueue('USER_VERIFICATION_COMPLETED', keyId, {
            user_id: 'bcu_receiver',
            reference_user_id: 'user_123',
            has_connection: true,
            simple_data_request_response: { humanness_score: 97, fulfillment_time_s: 12 },
          })
        } finally {
          await side.close()
        }
        for (let i = 0; !receiver.output().includes(`verified ${id}`); i++) {
          if (i > 100) throw new Error(`no delivery verified:\n${receiver.output()}`)
          await new Promise((r) => setTimeout(r, 100))
        }
        expect(receiver.output()).toContain(`verified ${id}: bcu_receiver scored 97`)
        const log = cli(['webhooks', 'log', keyId, '--json'], env)
        const row = (
          JSON.parse(log.stdout) as { webhook_id: string; status: string; last_status_code: number }[]
        ).find((r) => r.webhook_id === id)
        expect(row).toMatchObject({ status: 'delivered', last_status_code: 204 })

        const body = '{"type":"USER_VERIFICATION_COMPLETED","timestamp":"2026-12-06T12:00:00.000Z","data":{}}'
        const now = Math.floor(Date.now() / 1000)
        const post = (headers: Record<string, string>) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
          }).then((r) => r.status)
        const wrongKey = 'whsec_' + Buffer.alloc(32, 1).toString('base64')
        expect(
          await post({
            'webhook-id': 'msg_forged',
            'webhook-timestamp': String(now),
            'webhook-signature': sign(wrongKey, 'msg_forged', now, body),
          }),
        ).toBe(400)
        expect(
          await post({
            'webhook-id': 'msg_old',
            'webhook-timestamp': String(now - 3600),
            'webhook-signature': sign(secret, 'msg_old', now - 3600, body),
          }),
        ).toBe(400)
        expect(await post({})).toBe(400)
        // signed right: accepted (and, as it is no USER_VERIFICATION_COMPLETED with data, not reported)
        expect(
          await post({
            'webhook-id': 'msg_fine',
            'webhook-timestamp': String(now),
            'webhook-signature': sign(secret, 'msg_fine', now, body),
          }),
        ).toBe(204)
      } finally {
        receiver.child.kill('SIGKILL')
      }
    },
    60_000,
  )
})
