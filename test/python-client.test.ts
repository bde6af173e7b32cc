/**
 * The Python client (clients/python): `pip install`ed from the folder into a fresh venv, offline (no
 * index: it needs nothing from PyPI), then its own tests run from the installed package: the unit tests
 * against their fake server, and the live tests (clients/python/tests/test_live.py) against a real Huma
 * server started here, with a user enrolled through the hosted check with a (software) passkey. Needs python3
 * with venv; skipped loudly without it, unless HUMA_REQUIRE_PYTHON=1 (as .ci/run sets).
 */
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { serveApp, type Served } from './helpers/http.ts'
import { softPasskey } from './helpers/passkey.ts'
import { ROOT } from './helpers/processes.ts'
import { wanderingPointer } from './helpers/traces.ts'

const run = promisify(execFile)
const CLIENT = join(ROOT, 'clients', 'python')
const TESTS = join(CLIENT, 'tests')

/** python3 with a working venv module (Debian splits it into python3-venv), or null after a loud word. */
function pythonWithVenv(): string | null {
  const probe = spawnSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' })
  if (probe.status === 0) return 'python3'
  const message =
    'python3 with venv is missing: the Python client tests are SKIPPED (apt-get install python3 python3-venv)'
  if (process.env.HUMA_REQUIRE_PYTHON === '1') throw new Error(`${message}, and HUMA_REQUIRE_PYTHON=1`)
  console.warn(`\n!!! ${message} !!!\n`)
  return null
}
const python3 = pythonWithVenv()

describe.skipIf(!python3)('the Python client, installed with pip', () => {
  let dir = ''
  let python = ''
  /** runs the venv's python in the scratch dir, so `import huma_client` can only find the installed one */
  const py = (args: string[], env: Record<string, string> = {}) =>
    run(python, args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
      timeout: 120_000,
    })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'huma-python-'))
    await run(python3!, ['-m', 'venv', join(dir, 'venv')], { timeout: 120_000 })
    python = join(dir, 'venv', 'bin', 'python')
    await py(['-m', 'pip', 'install', '--no-index', '--disable-pip-version-check', '-q', CLIENT])
  }, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('installs from the folder with no dependency and nothing from an index', async () => {
    const { stdout } = await py([
      '-c',
      'import importlib.metadata as m, huma_client; print(huma_client.__file__); print(m.requires("huma-client")); print(m.version("huma-client"))',
    ])
    const [file, requires, version] = stdout.trim().split('\n')
    expect(file!.startsWith(join(dir, 'venv', 'lib'))).toBe(true)
    expect(file).toMatch(/site-packages\/huma_client\/__init__\.py$/)
    expect(requires).toBe('None')
    expect(version).toBe('0.1.0')
  })

  it('passes its unit tests (errors, retries, hashing) from the installed package', async () => {
    const { stderr } = await py([
      '-m',
      'unittest',
      'discover',
      '-s',
      TESTS,
      '-t',
      TESTS,
      '-p',
      'test_client.py',
    ])
    expect(stderr).toMatch(/Ran (\d+) tests/)
    expect(Number(/Ran (\d+) tests/.exec(stderr)![1])).toBeGreaterThanOrEqual(20)
    expect(stderr).toMatch(/\nOK\s*$/)
  })

  describe('against a real Huma server', () => {
    let t: TestApp
    let served: Served
    const env: Record<string, string> = {}

    /** Enrols `userId` under `key`: a hosted check completed with a passkey (a sandbox key scores it 98). */
    async function enrol(key: string, userId: string): Promise<void> {
      const registered = await t.request('/v1/business_connect_user/register', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'API-KEY': key },
        body: JSON.stringify({
          reference_user_id: userId,
          data_request: { type: 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID' },
        }),
      })
      expect(registered.status).toBe(200)
      const { invite_url } = (await registered.json()) as { invite_url: string }
      const page = new URL(invite_url)
      const options = (await (
        await t.request(`${page.pathname}/passkey-options`, { method: 'POST' })
      ).json()) as { create: { challenge: string; rp: { id: string } } }
      const done = await t.request(`${page.pathname}/complete`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          signals: wanderingPointer(3),
          passkey: softPasskey(options.create.challenge, options.create.rp.id, page.origin),
        }),
      })
      expect(done.status).toBe(200)
    }

    beforeAll(async () => {
      t = await makeTestApp()
      served = await serveApp(t.app)
      const { key } = await t.key('roomy', { mode: 'test' })
      const { key: verifyOnly } = await t.key('roomy', { mode: 'test', scopes: ['verify'] })
      await enrol(key, 'creator-1')
      Object.assign(env, {
        HUMA_URL: served.url,
        HUMA_API_KEY: key,
        HUMA_ENROLLED_USER: 'creator-1',
        HUMA_VERIFY_ONLY_KEY: verifyOnly,
      })
    })
    afterAll(async () => {
      await served?.close()
      await t?.close()
    })

    it('verifies, stamps, checks stamps and reads trust, with every live test run (none skipped)', async () => {
      const { stderr } = await py(
        ['-m', 'unittest', 'discover', '-v', '-s', TESTS, '-t', TESTS, '-p', 'test_live.py'],
        env,
      )
      expect(stderr).toMatch(/test_an_enrolled_user_verifies_stamps_and_the_stamp_checks\b.* \.\.\. ok\n/)
      expect(stderr).toMatch(/test_a_key_without_the_scope_is_403_scope_not_allowed\b.* \.\.\. ok\n/)
      expect(Number(/Ran (\d+) tests/.exec(stderr)![1])).toBeGreaterThanOrEqual(8)
      expect(stderr).not.toMatch(/skipped/)
      expect(stderr).toMatch(/\nOK\s*$/)
    })
  })
})
