/**
 * The Python client (clients/python): `pip install`ed from the folder into a fresh venv, offline (no
 * index: it needs nothing from PyPI), then its own tests run from the installed package: the unit tests
 * against their fake server, and the live tests against a real Huma server started here. Needs python3
 * with venv; skipped loudly without it, unless HUMA_REQUIRE_PYTHON=1 (as .ci/run sets).
 */
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './helpers/processes.ts'

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
})
