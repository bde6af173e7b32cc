import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { FAKE_WEBM, makeIdvApp, submitForm, type IdvTestApp } from './helpers/idv.ts'
import { cli } from './helpers/processes.ts'

const DAY = 86_400_000
let t: IdvTestApp
beforeEach(async () => {
  t = await makeIdvApp()
})
afterEach(async () => t.close())

describe('huma idv', () => {
  it('purge --now <8 days later> removes the files and contact data, and the file URLs answer 404', async () => {
    const { key } = await t.key()
    const res = await t.app.request('/verif/submit', {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'user-1',
        user_email: 'someone@example.com',
        selfie_video: FAKE_WEBM,
        id_photo: new Uint8Array(await idFace()),
        frames: [new Uint8Array(await gridFace(0, 1))],
      }),
    })
    const body = (await res.json()) as { check_id: string; result: { files: { idPhoto: { url: string } } } }
    const url = body.result.files.idPhoto.url.replace('http://localhost', '')
    const get = () => t.app.request(url, { headers: { Authorization: `Bearer ${key}` } })
    expect((await get()).status).toBe(200)
    const env = { HUMA_DATA_DIR: t.dir }

    const early = cli(['idv', 'purge', '--now', new Date(t.clock.now + 6 * DAY).toISOString(), '--json'], env)
    expect(early.stderr).not.toContain('Error')
    expect(JSON.parse(early.stdout)).toMatchObject({ purged: 0 })
    expect((await get()).status).toBe(200)

    const later = new Date(t.clock.now + 8 * DAY).toISOString()
    const purge = cli(['idv', 'purge', '--now', later], env)
    expect(purge.code).toBe(0)
    expect(purge.stdout).toContain(`Purged 1 identity check due by ${later}`)
    expect((await get()).status).toBe(404)
    expect(existsSync(join(t.dir, 'idv', 'files', body.check_id))).toBe(false)
    expect(readdirSync(join(t.dir, 'idv', 'files'))).toEqual([])
    const record = await t.idvStore.getCheck(body.check_id)
    expect(record).toMatchObject({ sealedContact: null, files: null })
    expect(record?.result.verificationAssessment.verificationStatus).toBe('verified')
  })

  it('refuses a --now that is no date', () => {
    const result = cli(['idv', 'purge', '--now', 'next tuesday'], { HUMA_DATA_DIR: t.dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('--now must be a date')
  })

  it('theme sets the page name and colours for one key, and refuses a colour that is not #rrggbb', async () => {
    const { id } = await t.key()
    const env = { HUMA_DATA_DIR: t.dir }
    const set = cli(['idv', 'theme', id, '--name', 'Acme', '--primary', '#123456'], env)
    expect(set.code).toBe(0)
    expect(await t.idvStore.getTheme(id)).toEqual({ name: 'Acme', primary_color: '#123456' })
    const bad = cli(['idv', 'theme', id, '--background', 'red'], env)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('background_color is invalid')
  })
})
