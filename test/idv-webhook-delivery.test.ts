/**
 * The completion webhook through the real machinery (server/webhooks/): a key subscribes to
 * IDENTITY_VERIFICATION_COMPLETED, a check completes, the worker delivers to a local receiver, and the
 * body verifies with the standardwebhooks library under the destination's secret.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../server/app.ts'
import { createKey } from '../server/keys/service.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createWebhooks } from '../server/webhooks/index.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { TEST_PLANS } from './helpers/app.ts'
import { FAKE_WEBM, standInMatcher, submitForm } from './helpers/idv.ts'

describe('the IDENTITY_VERIFICATION_COMPLETED webhook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huma-idv-hook-'))
  const store = openEmbeddedStore(dir)
  const webhooks = createWebhooks({ store, devMode: true })
  const app = createApp({
    store,
    plans: TEST_PLANS,
    webhooks,
    idv: { matcher: standInMatcher(), dataDir: dir },
  })
  const received: { headers: Record<string, string>; body: string }[] = []
  let receiver: Server
  let url = ''
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  })
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve))
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("arrives signed, once, in the original's payload shape", async () => {
    const { key } = await createKey(store, TEST_PLANS, { plan: 'roomy', now: Date.now() })
    const config = await app.request('/v1/webhook/admin/config/create_or_edit', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ webhook_type: 'IDENTITY_VERIFICATION_COMPLETED', destination_url: url }),
    })
    expect(config.status).toBe(200)
    const { secret } = (await config.json()) as { secret: string }
    const res = await app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'hook-7',
        selfie_video: FAKE_WEBM,
        id_photo: new Uint8Array(await idFace()),
        frames: [new Uint8Array(await gridFace(0, 1))],
      }),
    })
    const submitted = (await res.json()) as { check_id: string; result: unknown }
    await webhooks.worker.runOnce()
    expect(received).toHaveLength(1)
    const event = new Webhook(secret).verify(received[0]!.body, received[0]!.headers) as {
      type: string
      data: Record<string, unknown>
    }
    expect(event.type).toBe('IDENTITY_VERIFICATION_COMPLETED')
    expect(event.data).toMatchObject({
      check_id: submitted.check_id,
      user_identifier: 'hook-7',
      verification_result: submitted.result,
    })
    expect(Object.keys(event.data).sort()).toEqual([
      'check_id',
      'completed_at',
      'files',
      'user_identifier',
      'verification_result',
    ])
  })
})
