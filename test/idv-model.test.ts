/**
 * The real model, end to end: @vladmandic/human in its worker thread, frames taken by ffmpeg from
 * videos made of the package's own sample faces (tools/idv/faces.ts). Slow (the model runs on WASM);
 * every other identity-check test uses a stand-in matcher.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHumanMatcher, HUMAN_METHOD } from '../server/idv/matcher.ts'
import { createApp } from '../server/app.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createKey } from '../server/keys/service.ts'
import { crowd, gridFace, idFace, noFace } from '../tools/idv/faces.ts'
import { TEST_PLANS } from './helpers/app.ts'
import { ffmpegAvailable, videoFromStill } from './helpers/ffmpeg.ts'
import { submitForm } from './helpers/idv.ts'

const available = ffmpegAvailable()

describe.runIf(available)('identity checks with the real model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huma-idv-model-'))
  const store = openEmbeddedStore(dir)
  const matcher = createHumanMatcher()
  const app = createApp({ store, plans: TEST_PLANS, idv: { matcher, dataDir: dir } })
  let key = ''
  const videos: Record<string, Uint8Array> = {}
  let id: Uint8Array

  beforeAll(async () => {
    key = (await createKey(store, TEST_PLANS, { plan: 'roomy', now: Date.now() })).key
    id = new Uint8Array(await idFace())
    const stills = {
      same: await gridFace(0, 1),
      different: await gridFace(3, 10),
      empty: await noFace(),
      two: await crowd([
        [0, 1],
        [3, 10],
      ]),
    }
    for (const [name, still] of Object.entries(stills)) {
      const file = join(dir, `${name}.mp4`)
      videoFromStill(still, file)
      videos[name] = new Uint8Array(readFileSync(file))
    }
  }, 60_000)
  afterAll(async () => {
    await matcher.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const check = async (video: Uint8Array, photo: Uint8Array = id) => {
    const res = await app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({ api_key: key, user_identifier: 'u', selfie_video: video, id_photo: photo }),
    })
    expect(res.status).toBe(200)
    return (
      (await res.json()) as {
        result: { faceComparison: Record<string, unknown>; verificationAssessment: Record<string, unknown> }
      }
    ).result
  }

  it('verifies a selfie video of the person on the ID, from frames ffmpeg took of the video', async () => {
    const result = await check(videos.same!)
    expect(result.verificationAssessment.verificationStatus).toBe('verified')
    expect(result.faceComparison.similarityScore).toBeGreaterThanOrEqual(0.6)
    expect(result.faceComparison.method).toBe(HUMAN_METHOD)
    expect(result.verificationAssessment.summary).toMatch(/frames from video/)
    expect(result.verificationAssessment.summary).toMatch(
      /Weak signals, not used in the decision: anti-spoof [\d.]+, liveness [\d.]+/,
    )
  }, 120_000)

  it('rejects a selfie video of someone else', async () => {
    const result = await check(videos.different!)
    expect(result.verificationAssessment.verificationStatus).toBe('rejected')
    expect(result.faceComparison.similarityScore).toBeLessThan(0.42)
    expect(result.faceComparison.isIdentical).toBe(false)
  }, 120_000)

  it('refuses a selfie video over 60 s with a 400 naming the field, before the model runs', async () => {
    const file = join(dir, 'long.webm')
    videoFromStill(await noFace(), file, 61, 1)
    const res = await app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'u',
        selfie_video: new Uint8Array(readFileSync(file)),
        id_photo: id,
      }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toBe(
      'selfie_video must be at most 60 seconds long',
    )
  }, 120_000)

  it('says so when the selfie has no face, several faces, or the ID has none', async () => {
    expect((await check(videos.empty!)).verificationAssessment.verificationStatus).toBe('no_face_in_selfie')
    expect((await check(videos.two!)).verificationAssessment.verificationStatus).toBe(
      'multiple_faces_in_selfie',
    )
    const blank = new Uint8Array(await noFace())
    expect((await check(videos.same!, blank)).verificationAssessment.verificationStatus).toBe('no_face_on_id')
  }, 240_000)
})
