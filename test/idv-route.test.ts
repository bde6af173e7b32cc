import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_VIDEO_BYTES } from '../shared/contracts/idv.ts'
import { signUrl } from '../server/idv/crypto.ts'
import { idvKeysOf } from '../server/idv/index.ts'
import { purgeDue, startSweeper } from '../server/idv/retention.ts'
import { createVault } from '../server/idv/vault.ts'
import { serveApp } from './helpers/http.ts'
import {
  analysisOf,
  FAKE_WEBM,
  JPEG_HEAD,
  makeIdvApp,
  submitForm,
  type IdvTestApp,
  type SubmitParts,
} from './helpers/idv.ts'
import { gridFace, idFace } from '../tools/idv/faces.ts'

const DAY = 86_400_000
let t: IdvTestApp
let key: string
let keyId: string
let photo: Uint8Array
let frame: Uint8Array
beforeEach(async () => {
  t = await makeIdvApp()
  ;({ key, id: keyId } = await t.key())
  photo ??= new Uint8Array(await idFace())
  frame ??= new Uint8Array(await gridFace(0, 1))
})
afterEach(async () => {
  await t.close()
})

const submit = (parts: SubmitParts) =>
  t.app.request('/verif/submit', { method: 'POST', body: submitForm(parts) })
const full = (extra: SubmitParts = {}): SubmitParts => ({
  api_key: key,
  user_identifier: 'user-42',
  user_email: 'ada@example.com',
  selfie_video: FAKE_WEBM,
  id_photo: photo,
  frames: [frame, frame],
  ...extra,
})
const errorOf = async (res: Response) => (await res.json()) as { error: string; message: string }
type Submitted = {
  success: boolean
  check_id: string
  result: {
    sessionId: string
    files: { selfieVideo: { url: string; fileName: string }; idPhoto: { url: string; fileName: string } }
    faceComparison: Record<string, unknown>
    verificationAssessment: { verificationStatus: string; summary: string } & Record<string, unknown>
  } & Record<string, unknown>
}

describe('POST /verif/submit', () => {
  it("answers 200 in the original's shape, with Huma's own signed file URLs", async () => {
    const res = await submit(full())
    expect(res.status).toBe(200)
    const body = (await res.json()) as Submitted
    expect(Object.keys(body).sort()).toEqual(['check_id', 'result', 'success'])
    expect(body.success).toBe(true)
    expect(body.check_id).toMatch(/^idv_\w{20}$/)
    const r = body.result
    expect(Object.keys(r).sort()).toEqual(
      ['faceComparison', 'files', 'sessionId', 'status', 'timestamp', 'verificationAssessment'].sort(),
    )
    expect(r.sessionId).toBe(body.check_id)
    expect(r.status).toBe('completed')
    expect(new Date(r.timestamp as string).getTime()).toBe(t.clock.now)
    expect(Object.keys(r.faceComparison).sort()).toEqual([
      'confidence',
      'isIdentical',
      'method',
      'similarityScore',
    ])
    expect(r.faceComparison).toMatchObject({ isIdentical: true, similarityScore: 0.7, method: 'stand-in' })
    expect(Object.keys(r.verificationAssessment).sort()).toEqual([
      'confidenceLevel',
      'overallScore',
      'summary',
      'verificationStatus',
    ])
    expect(r.verificationAssessment.verificationStatus).toBe('verified')
    expect(r.files.selfieVideo.fileName).toBe('selfie.webm')
    expect(r.files.idPhoto.fileName).toBe('id.jpg')
    expect(r.files.idPhoto.url).toMatch(
      new RegExp(`^http://localhost/verif/files/${body.check_id}/id\\?expires=\\d+&sig=[\\w-]{43}$`),
    )
    // the page's frames reached the matcher (ffmpeg cannot read these bytes, so they are all there is)
    expect(t.matcher.frameCounts).toEqual([2])
  })

  it.each([
    [0.7, 'verified', true],
    [0.5, 'review', false],
    [0.3, 'rejected', false],
  ])('puts a similarity of %s in the %s band', async (similarity, status, identical) => {
    t.matcher.next = analysisOf(similarity)
    const body = (await (await submit(full())).json()) as Submitted
    expect(body.result.verificationAssessment.verificationStatus).toBe(status)
    expect(body.result.faceComparison.isIdentical).toBe(identical)
  })

  it.each([
    [
      'no_face_in_selfie',
      analysisOf(0.7, 3, { frames: [{ faces: 0, similarity: null, real: null, live: null }] }),
      /No face was found in the selfie/,
    ],
    [
      'multiple_faces_in_selfie',
      analysisOf(0.7, 3, { frames: [{ faces: 2, similarity: 0.7, real: 0.5, live: 0.5 }] }),
      /Several faces/,
    ],
    ['no_face_on_id', analysisOf(0.7, 3, { idFaces: 0 }), /No face was found on the ID photo/],
  ] as const)(
    'reports %s as its own status, with a summary that says so',
    async (status, outcome, summary) => {
      t.matcher.next = outcome
      const body = (await (await submit(full())).json()) as Submitted
      expect(body.result.verificationAssessment.verificationStatus).toBe(status)
      expect(body.result.verificationAssessment.summary).toMatch(summary)
      expect(body.result.faceComparison.isIdentical).toBe(false)
    },
  )

  describe('errors, as the original lists them', () => {
    it.each([
      ['API key is required', { api_key: undefined }],
      ['User identifier is required', { user_identifier: undefined }],
      ['Both selfie video and ID photo are required', { selfie_video: null }],
      ['Both selfie video and ID photo are required', { id_photo: null }],
    ] as const)('answers 400 "%s"', async (message, without) => {
      const res = await submit(full(without as SubmitParts))
      expect(res.status).toBe(400)
      expect(await errorOf(res)).toEqual({ error: 'INVALID_REQUEST', message })
      expect(t.matcher.calls).toBe(0)
    })

    it('answers 401 INVALID_API_KEY to an unknown or revoked key', async () => {
      const unknown = await submit(full({ api_key: 'huma_live_' + 'x'.repeat(32) }))
      expect(unknown.status).toBe(401)
      expect((await errorOf(unknown)).error).toBe('INVALID_API_KEY')
      await t.store.revokeKey(keyId, t.clock.now)
      expect((await submit(full())).status).toBe(401)
    })

    it('answers 500 "processing failed" when the model fails', async () => {
      t.matcher.next = { ok: false, reason: 'model_failed' }
      const res = await submit(full())
      expect(res.status).toBe(500)
      expect(await errorOf(res)).toEqual({ error: 'INTERNAL_ERROR', message: 'processing failed' })
    })

    it('tells file types by their bytes: a text file named id.jpg is a 400 naming the field', async () => {
      const res = await submit(full({ id_photo: new TextEncoder().encode('not an image, just text here') }))
      expect(res.status).toBe(400)
      expect((await errorOf(res)).message).toMatch(/id_photo must be a JPEG, PNG or WebP/)
      const video = await submit(full({ selfie_video: JPEG_HEAD }))
      expect(video.status).toBe(400)
      expect((await errorOf(video)).message).toMatch(/selfie_video is not a video/)
    })

    it('refuses an ID photo over 8000 px a side from its header, before decoding it', async () => {
      const wide = await sharp({
        create: { width: 8001, height: 8, channels: 3, background: '#888888' },
      })
        .png()
        .toBuffer()
      const res = await submit(full({ id_photo: new Uint8Array(wide) }))
      expect(res.status).toBe(400)
      expect((await errorOf(res)).message).toBe('id_photo must be at most 8000 pixels on each side')
      expect(t.matcher.calls).toBe(0)
    })

    it('answers a truncated image with a 400, not a crash', async () => {
      const res = await submit(full({ id_photo: photo.subarray(0, 200) }))
      expect(res.status).toBe(400)
      expect((await errorOf(res)).message).toMatch(/id_photo/)
    })

    it('answers 413 to a selfie video over 50 MB, and keeps no part of it', async () => {
      const big = new Uint8Array(MAX_VIDEO_BYTES + 1)
      big.set(FAKE_WEBM)
      const res = await submit(full({ selfie_video: big }))
      expect(res.status).toBe(413)
      expect((await errorOf(res)).error).toBe('PAYLOAD_TOO_LARGE')
      expect(readdirSync(join(t.dir, 'idv', 'tmp'))).toEqual([])
    })

    it('answers a body that is not multipart with a 400', async () => {
      const res = await t.app.request('/verif/submit', { method: 'POST', body: '{}' })
      expect(res.status).toBe(400)
    })
  })

  it("counts toward the key's month, and answers 429 MONTHLY_LIMIT_EXCEEDED past it", async () => {
    const monthly = await t.key('monthly')
    for (let i = 0; i < 3; i++) expect((await submit(full({ api_key: monthly.key }))).status).toBe(200)
    const res = await submit(full({ api_key: monthly.key }))
    expect(res.status).toBe(429)
    expect((await errorOf(res)).error).toBe('MONTHLY_LIMIT_EXCEEDED')
    expect(res.headers.get('Retry-After')).toMatch(/^\d+$/)
    expect(res.headers.get('X-Quota-Remaining')).toBe('0')
  })

  it("applies the key's burst window", async () => {
    const tiny = await t.key('tiny')
    for (let i = 0; i < 5; i++) await submit(full({ api_key: tiny.key }))
    const res = await submit(full({ api_key: tiny.key }))
    expect(res.status).toBe(429)
    expect((await errorOf(res)).error).toBe('BURST_LIMIT_EXCEEDED')
  })

  it("hands the completion to the webhook seam in the original's payload shape", async () => {
    const body = (await (await submit(full())).json()) as Submitted
    expect(t.events).toHaveLength(1)
    const event = t.events[0]!
    expect(event.type).toBe('IDENTITY_VERIFICATION_COMPLETED')
    expect(event.keyId).toBe(keyId)
    expect(event.payload).toEqual({
      check_id: body.check_id,
      user_identifier: 'user-42',
      verification_result: body.result,
      files: {
        selfie_video_url: body.result.files.selfieVideo.url,
        id_photo_url: body.result.files.idPhoto.url,
      },
      completed_at: new Date(t.clock.now).toISOString(),
    })
  })
})

describe('GET /verif/checks/{check_id}', () => {
  const get = (id: string, withKey: string | null = key) =>
    t.request(`/verif/checks/${id}`, { headers: withKey ? { Authorization: `Bearer ${withKey}` } : {} })

  it('answers the check in the shape POST /verif/submit did, to its key only, over real HTTP', async () => {
    t.matcher.next = analysisOf(0.5)
    const submitted = (await (await submit(full())).json()) as Submitted
    const res = await get(submitted.check_id)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual(submitted)
    expect((await get(submitted.check_id, null)).status).toBe(401)
    const other = await t.key()
    expect((await get(submitted.check_id, other.key)).status).toBe(404)
    expect((await get('idv_nope0000000000000000')).status).toBe(404)
    // the hosted scope, as /verif/sessions and the files need
    await t.store.setScopes(keyId, ['verify'])
    const refused = await get(submitted.check_id)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: string }).error).toBe('SCOPE_NOT_ALLOWED')
  })
})

describe('the files', () => {
  const get = (url: string, withKey: string | null = key) =>
    t.app.request(url.replace('http://localhost', ''), {
      headers: withKey ? { Authorization: `Bearer ${withKey}` } : {},
    })

  it("are served, decrypted, to the key's holder only", async () => {
    const body = (await (await submit(full())).json()) as Submitted
    const res = await get(body.result.files.idPhoto.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('image/jpeg')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(photo)
    const video = await get(body.result.files.selfieVideo.url)
    expect(new Uint8Array(await video.arrayBuffer())).toEqual(FAKE_WEBM)
    expect((await get(body.result.files.idPhoto.url, null)).status).toBe(401)
    const other = await t.key()
    expect((await get(body.result.files.idPhoto.url, other.key)).status).toBe(404)
    const tampered = body.result.files.idPhoto.url.replace(/sig=./, 'sig=A')
    expect((await get(tampered)).status).toBe(404)
  })

  it('keep one selfie frame for a reviewer, which no partner URL reaches', async () => {
    const body = (await (await submit(full())).json()) as Submitted
    expect(readdirSync(join(t.dir, 'idv', 'files', body.check_id)).sort()).toEqual(['frame', 'id', 'selfie'])
    // the frame's URL, signed as the files' are (the same signing answers the ID photo): no such file
    const keys = await idvKeysOf(t.store)()
    const expires = Number(new URL(body.result.files.idPhoto.url).searchParams.get('expires'))
    const signed = (blob: string) =>
      `/verif/files/${body.check_id}/${blob}?expires=${expires}&sig=${signUrl(keys.sign, `/verif/files/${body.check_id}/${blob}`, expires)}`
    expect((await get(signed('id'))).status).toBe(200)
    expect((await get(signed('frame'))).status).toBe(404)
  })

  it('are encrypted at rest, 0600 in 0700 folders', async () => {
    const body = (await (await submit(full())).json()) as Submitted
    const dir = join(t.dir, 'idv', 'files', body.check_id)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const name of readdirSync(dir)) {
      const file = join(dir, name)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      const bytes = readFileSync(file)
      expect(Buffer.from(bytes).includes(Buffer.from(photo.subarray(0, 64)))).toBe(false)
      expect(Buffer.from(bytes).includes(Buffer.from(FAKE_WEBM.subarray(0, 16)))).toBe(false)
    }
    for (const name of readdirSync(t.dir).filter((n) => n.startsWith('huma.sqlite'))) {
      const stored = readFileSync(join(t.dir, name))
      expect(stored.includes(Buffer.from('user-42')), name).toBe(false)
      expect(stored.includes(Buffer.from('ada@example.com')), name).toBe(false)
    }
  })

  it('are gone after the retention period: 404, no file on disk, no contact data; the result stays', async () => {
    const body = (await (await submit(full())).json()) as Submitted
    const vault = createVault(t.dir, async () => (await idvKeysOf(t.store)()).seal)
    expect(await purgeDue(t.idvStore, vault, t.clock.now + 6 * DAY)).toBe(0)
    t.clock.now += 6 * DAY
    expect((await get(body.result.files.idPhoto.url)).status).toBe(200)
    expect(await purgeDue(t.idvStore, vault, t.clock.now + 2 * DAY)).toBe(1)
    expect((await get(body.result.files.idPhoto.url)).status).toBe(404)
    expect(readdirSync(join(t.dir, 'idv', 'files'))).toEqual([])
    const record = await t.idvStore.getCheck(body.check_id)
    expect(record?.sealedContact).toBeNull()
    expect(record?.result).toEqual(body.result)
  })
})

describe('the retention sweeper', () => {
  it('purges due checks on its own, on the clock it is given, and stops when told', async () => {
    const body = (await (await submit(full())).json()) as Submitted
    const vault = createVault(t.dir, async () => (await idvKeysOf(t.store)()).seal)
    const sweeper = startSweeper(t.idvStore, vault, { now: () => t.clock.now, every: 20 })
    try {
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect((await t.idvStore.getCheck(body.check_id))?.files).not.toBeNull()
      t.clock.now += 7 * DAY + 1
      await expect
        .poll(async () => (await t.idvStore.getCheck(body.check_id))?.purgedAt, { timeout: 2000 })
        .toBe(t.clock.now)
      expect(readdirSync(join(t.dir, 'idv', 'files'))).toEqual([])
    } finally {
      sweeper.stop()
    }
  })
})

describe('POST /verif/sessions and GET /verif/', () => {
  const newSession = (withKey = key) =>
    t.app.request('/verif/sessions', {
      method: 'POST',
      headers: { Authorization: `Bearer ${withKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_identifier: 'user-7', user_phone: '+44 20 7946 0000' }),
    })

  it('gives a one-time URL whose page submits once, under the key that asked for it', async () => {
    const res = await newSession()
    expect(res.status).toBe(200)
    const { url, expires_at } = (await res.json()) as { url: string; expires_at: string }
    expect(url).toMatch(/^http:\/\/localhost\/verif\/\?session=[0-9a-f]{48}$/)
    expect(Date.parse(expires_at)).toBe(t.clock.now + 30 * 60_000)
    const token = new URL(url).searchParams.get('session')!
    const page = await t.app.request(`/verif/?session=${token}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Verify your identity')
    // an upload that fails does not use the link up
    const incomplete = await submit({ session: token, selfie_video: FAKE_WEBM, frames: [frame] })
    expect(incomplete.status).toBe(400)
    const first = await submit({ session: token, selfie_video: FAKE_WEBM, id_photo: photo, frames: [frame] })
    expect(first.status).toBe(200)
    expect(t.events[0]?.payload.user_identifier).toBe('user-7')
    expect(t.events[0]?.keyId).toBe(keyId)
    const again = await submit({ session: token, selfie_video: FAKE_WEBM, id_photo: photo, frames: [frame] })
    expect(again.status).toBe(401)
    expect((await t.app.request(`/verif/?session=${token}`)).status).toBe(404)
  })

  it('answers 400 naming the field for a bad body, 401 without a key', async () => {
    const bad = await t.app.request('/verif/sessions', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_identifier: '' }),
    })
    expect(bad.status).toBe(400)
    expect((await errorOf(bad)).message).toMatch(/user_identifier/)
    const none = await t.app.request('/verif/sessions', { method: 'POST', body: '{}' })
    expect(none.status).toBe(401)
  })

  it('serves the page for the api_key form too, themed per key, and refuses a bad key', async () => {
    await t.idvStore.setTheme(keyId, { name: 'Acme Bank', primary_color: '#aa0000' })
    const res = await t.app.request(`/verif/?api_key=${key}&user_identifier=u1`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    const html = await res.text()
    expect(html).toContain('Acme Bank')
    expect(html).toContain(`/verif/theme/${keyId}.css`)
    const css = await (await t.app.request(`/verif/theme/${keyId}.css`)).text()
    expect(css).toContain('--primary:#aa0000')
    expect((await t.app.request('/verif/?user_identifier=u1')).status).toBe(400)
    expect((await t.app.request(`/verif/?api_key=${key}`)).status).toBe(400)
    expect((await t.app.request(`/verif/?api_key=huma_live_${'x'.repeat(32)}&user_id=u`)).status).toBe(401)
  })
})

describe('the log', () => {
  it('records route patterns only: no key, user, contact data or check id, also for the api_key page', async () => {
    await t.app.request(`/verif/?api_key=${key}&user_identifier=log-user-77&user_email=log@example.com`)
    const body = (await (await submit(full({ user_identifier: 'log-user-77' }))).json()) as Submitted
    await t.app.request(body.result.files.idPhoto.url.replace('http://localhost', ''), {
      headers: { Authorization: `Bearer ${key}` },
    })
    const log = t.logs.join('\n')
    expect(log).toContain('"route":"/verif/submit"')
    expect(log).toContain('"route":"/verif/files/:check/:blob"')
    for (const needle of [key, 'log-user-77', 'log@example.com', 'ada@example.com', body.check_id])
      expect(log.includes(needle), needle).toBe(false)
  })
})

describe('over real HTTP', () => {
  it('takes a multipart upload and serves its file back', async () => {
    const served = await serveApp(t.app)
    try {
      const res = await fetch(`${served.url}/verif/submit`, { method: 'POST', body: submitForm(full()) })
      expect(res.status).toBe(200)
      const body = (await res.json()) as Submitted
      expect(body.result.files.idPhoto.url.startsWith(served.url)).toBe(true)
      const file = await fetch(body.result.files.idPhoto.url, { headers: { Authorization: `Bearer ${key}` } })
      expect(file.status).toBe(200)
      // the file's own headers and the key's burst window (set before the handler), as documented
      expect(file.headers.get('content-type')).toBe('image/jpeg')
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="/)
      expect(file.headers.get('cache-control')).toBe('private, no-store')
      expect(file.headers.get('x-content-type-options')).toBe('nosniff')
      expect(file.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/)
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(photo)
    } finally {
      await served.close()
    }
  })
})
