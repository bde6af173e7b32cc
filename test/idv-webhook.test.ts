import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { idvWebhookPayloadSchema, type IdvWebhookPayload } from '../shared/contracts/idv.ts'
import { enqueueThrough, IDV_WEBHOOK_TYPE } from '../server/idv/webhook.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { FAKE_WEBM, makeIdvApp, submitForm, type IdvTestApp } from './helpers/idv.ts'

let t: IdvTestApp
const enqueued: { type: string; keyId: string; data: IdvWebhookPayload }[] = []
let kicks = 0
beforeEach(async () => {
  enqueued.length = 0
  kicks = 0
  t = await makeIdvApp({
    enqueue: enqueueThrough({
      async enqueue(type, keyId, data) {
        enqueued.push({ type, keyId, data })
        return `msg_${enqueued.length}`
      },
      kick: () => void kicks++,
    }),
  })
})
afterEach(async () => t.close())

describe('the completion webhook seam', () => {
  it("enqueues one event per check, under the check's key, with the original's payload, and kicks the worker", async () => {
    const { key, id } = await t.key()
    const res = await t.app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'hook-user',
        selfie_video: FAKE_WEBM,
        id_photo: new Uint8Array(await idFace()),
        frames: [new Uint8Array(await gridFace(0, 1))],
      }),
    })
    const body = (await res.json()) as { check_id: string }
    expect(enqueued).toHaveLength(1)
    expect(enqueued[0]!.type).toBe(IDV_WEBHOOK_TYPE)
    expect(enqueued[0]!.keyId).toBe(id)
    const data = idvWebhookPayloadSchema.parse(enqueued[0]!.data)
    expect(data.check_id).toBe(body.check_id)
    expect(data.user_identifier).toBe('hook-user')
    expect(kicks).toBe(1)
  })

  it('enqueues nothing for a refused upload', async () => {
    const { key } = await t.key()
    await t.app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({ api_key: key, user_identifier: 'u', selfie_video: FAKE_WEBM }),
    })
    expect(enqueued).toEqual([])
  })
})
