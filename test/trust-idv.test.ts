/**
 * The trust score's identity_document signal, from a real identity check (POST /verif/submit, the stand-in
 * face matcher): a check that ended verified counts for the user it names, by the same keyed hash; one that
 * did not, does not. The check's own webhook still goes out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { analysisOf, FAKE_WEBM, makeIdvApp, submitForm, type IdvTestApp } from './helpers/idv.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'

let t: IdvTestApp
let photo: Uint8Array
let frame: Uint8Array
beforeEach(async () => {
  t = await makeIdvApp()
  photo ??= new Uint8Array(await idFace())
  frame ??= new Uint8Array(await gridFace(0, 1))
})
afterEach(async () => {
  await t.close()
})

const submit = (key: string, user: string) =>
  t.app.request('/verif/submit', {
    method: 'POST',
    body: submitForm({
      api_key: key,
      user_identifier: user,
      selfie_video: FAKE_WEBM,
      id_photo: photo,
      frames: [frame, frame],
    }),
  })
const trustOf = async (key: string, userId: string) =>
  t.request(`/v1/trust/${encodeURIComponent(userId)}`, { headers: { Authorization: `Bearer ${key}` } })

describe('the identity_document signal', () => {
  it('counts 15 points for a user whose identity check ended verified, and nothing for one rejected', async () => {
    const { key } = await t.key()
    t.matcher.next = analysisOf(0.7)
    expect((await submit(key, 'Ada-42')).status).toBe(200)
    t.matcher.next = analysisOf(0.05)
    expect((await submit(key, 'bob-7')).status).toBe(200)
    expect(
      t.events.map((e) => e.payload.verification_result.verificationAssessment.verificationStatus),
    ).toEqual(['verified', 'rejected'])

    const ada = await trustOf(key, 'ada-42')
    expect(ada.status).toBe(200)
    expect(await ada.json()).toMatchObject({
      trust_score: 15,
      signals: { identity_document: { verified: true, points: 15 } },
      verified_since: null,
    })
    // a rejected check is no evidence of anything: the user is not known to the trust score
    expect((await trustOf(key, 'bob-7')).status).toBe(404)
  })
})
