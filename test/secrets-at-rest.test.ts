/**
 * Findings 4 and 5 of issue 15: the data dir was world-readable (dir 755, the SQLite files 644) while it
 * holds the signing keys and the userId secret, and the first start printed its key into the log stream.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gridFace, idFace } from '../tools/idv/faces.ts'
import { FAKE_WEBM, submitForm } from './helpers/idv.ts'
import { cli, startServer, type ServerProcess } from './helpers/processes.ts'

let root: string
let server: ServerProcess | null = null
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'huma-secrets-'))
})
afterEach(async () => {
  await server?.stop()
  server = null
  rmSync(root, { recursive: true, force: true })
})

const modeOf = (path: string) => statSync(path).mode & 0o777

describe('secrets at rest', () => {
  it('creates the data dir 0700 and every file in it 0600', async () => {
    const dir = join(root, 'data')
    server = await startServer({ HUMA_DATA_DIR: dir })
    const res = await fetch(`${server.url}/api/v1/verify`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${readFileSync(join(dir, 'first-key.txt'), 'utf8').trim()}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ userId: 'user_1' }),
    })
    expect(res.status).toBe(200) // a token signed: the signing key and the secret are in the file now
    expect(modeOf(dir)).toBe(0o700)
    const files = readdirSync(dir)
    expect(files).toEqual(expect.arrayContaining(['huma.sqlite', 'huma.sqlite-wal', 'huma.sqlite-shm']))
    for (const file of files) expect([file, modeOf(join(dir, file))]).toEqual([file, 0o600])
  })

  it('keeps identity checks encrypted: folders 0700, files 0600, no contact data or photo bytes readable', async () => {
    const dir = join(root, 'data')
    server = await startServer({ HUMA_DATA_DIR: dir })
    const key = readFileSync(join(dir, 'first-key.txt'), 'utf8').trim()
    const photo = new Uint8Array(await idFace())
    const needles = {
      'user identifier': Buffer.from('idv-marker-user-5150'),
      email: Buffer.from('idv-marker@example.com'),
      phone: Buffer.from('+44 20 7946 5150'),
      'ID photo bytes': Buffer.from(photo.subarray(200, 264)),
      'video bytes': Buffer.from(FAKE_WEBM.subarray(0, 32)),
    }
    const res = await fetch(`${server.url}/verif/submit`, {
      method: 'POST',
      body: submitForm({
        api_key: key,
        user_identifier: 'idv-marker-user-5150',
        user_email: 'idv-marker@example.com',
        user_phone: '+44 20 7946 5150',
        selfie_video: FAKE_WEBM,
        id_photo: photo,
        frames: [new Uint8Array(await gridFace(0, 1))],
      }),
    })
    expect(res.status).toBe(200)
    const walk = (path: string): string[] =>
      statSync(path).isDirectory()
        ? [path, ...readdirSync(path).flatMap((name) => walk(join(path, name)))]
        : [path]
    const all = walk(dir)
    expect(all.some((p) => p.includes(join('idv', 'files')) && statSync(p).isFile())).toBe(true)
    for (const path of all) {
      const isDir = statSync(path).isDirectory()
      expect([path, modeOf(path)]).toEqual([path, isDir ? 0o700 : 0o600])
      if (isDir) continue
      const bytes = readFileSync(path)
      for (const [what, needle] of Object.entries(needles))
        expect(bytes.includes(needle), `${what} in ${path}`).toBe(false)
    }
    expect(readdirSync(join(dir, 'idv', 'tmp'))).toEqual([])
    for (const [what, needle] of Object.entries(needles))
      expect(server.output().includes(needle.toString('latin1')), `${what} in the log`).toBe(false)
  }, 120_000)

  it('tightens SQLite files left readable by an older version', async () => {
    const dir = join(root, 'data')
    expect(cli(['keys', 'create', '--plan', 'free'], { HUMA_DATA_DIR: dir }).code).toBe(0)
    chmodSync(join(dir, 'huma.sqlite'), 0o644)
    server = await startServer({ HUMA_DATA_DIR: dir })
    expect(modeOf(join(dir, 'huma.sqlite'))).toBe(0o600)
  })

  it('warns at start, naming the dir, when the data dir is open to others', async () => {
    const dir = join(root, 'shared')
    mkdirSync(dir, { mode: 0o755 })
    chmodSync(dir, 0o755)
    server = await startServer({ HUMA_DATA_DIR: dir })
    const warning = server
      .output()
      .split('\n')
      .find((line) => line.includes('data dir is open to other users'))
    expect(warning).toBeDefined()
    expect(JSON.parse(warning!)).toMatchObject({ level: 'error', dir, mode: '0755' })
  })
})

describe('the first start', () => {
  it('keeps its key out of the output when stdout is not a terminal, in a 0600 file the log names', async () => {
    const dir = join(root, 'data')
    server = await startServer({ HUMA_DATA_DIR: dir })
    const file = join(dir, 'first-key.txt')
    expect(existsSync(file)).toBe(true)
    expect(modeOf(file)).toBe(0o600)
    const key = readFileSync(file, 'utf8').trim()
    expect(key).toMatch(/^huma_live_[A-Za-z0-9]{32}$/)
    const output = server.output()
    expect(output).not.toContain(key)
    expect(output).not.toMatch(/huma_live_/)
    const line = output.split('\n').find((l) => l.includes('created the first key'))
    expect(JSON.parse(line!)).toMatchObject({ level: 'info', file })
  })
})
