import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { challengeBitsSlice } from '../server/challenge/store.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { cli, ROOT } from './helpers/processes.ts'

let dir: string
let env: Record<string, string>
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'huma-cli-'))
  env = { HUMA_DATA_DIR: dir }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const createJson = (...args: string[]) => {
  const result = cli(['keys', 'create', ...args, '--json'], env)
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as { id: string; key: string; plan: string; trial_ends: string | null }
}

describe('huma CLI', () => {
  it('keys create --json prints exactly one JSON object with the key, once', () => {
    const result = cli(['keys', 'create', '--plan', 'trial', '--json'], env)
    expect(result.code).toBe(0)
    expect(result.stdout.trim().split('\n')).toHaveLength(1)
    const created = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(created).sort()).toEqual([
      'allowed_origins',
      'id',
      'key',
      'plan',
      'scopes',
      'trial_ends',
    ])
    expect(created.scopes).toEqual(['verify', 'hosted', 'stamp', 'trust', 'webhooks'])
    expect(created.allowed_origins).toEqual([])
    expect(created.key).toMatch(/^huma_live_[A-Za-z0-9]{32}$/)
    expect(created.plan).toBe('trial')
    const days = (Date.parse(created.trial_ends as string) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(13.99)
    expect(days).toBeLessThanOrEqual(14)
    expect(cli(['keys', 'list'], env).stdout).not.toContain(created.key)
  })

  it('creates sandbox keys, named keys and keys with a given trial end', () => {
    expect(createJson('--plan', 'free', '--test').key).toMatch(/^huma_test_/)
    expect(createJson('--plan', 'trial', '--trial-ends', '2030-01-02T00:00:00Z').trial_ends).toBe(
      '2030-01-02T00:00:00.000Z',
    )
    expect(createJson('--plan', 'starter', '--name', 'acme').trial_ends).toBeNull()
    const list = JSON.parse(cli(['keys', 'list', '--json'], env).stdout) as {
      name: string | null
      mode: string
    }[]
    expect(list.map((k) => k.name)).toContain('acme')
    expect(list.map((k) => k.mode).sort()).toEqual(['live', 'live', 'test'])
  })

  it('revokes keys and moves them between plans', () => {
    const { id } = createJson('--plan', 'trial')
    expect(cli(['keys', 'plan', id, 'growth'], env).code).toBe(0)
    let listed = JSON.parse(cli(['keys', 'list', '--json'], env).stdout) as {
      id: string
      plan: string
      status: string
      trial_ends: string | null
    }[]
    expect(listed[0]).toMatchObject({ id, plan: 'growth', status: 'active', trial_ends: null })
    expect(cli(['keys', 'revoke', id], env).code).toBe(0)
    listed = JSON.parse(cli(['keys', 'list', '--json'], env).stdout) as typeof listed
    expect(listed[0]?.status).toBe('revoked')
  })

  it("sets a key's own proof-of-work difficulty and returns it to the default", async () => {
    const { id } = createJson('--plan', 'trial')
    const set = cli(['keys', 'challenge-bits', id, '16'], env)
    expect(set.code).toBe(0)
    expect(set.stdout).toContain(`data-challenge="/challenge?site=${id}"`)
    expect(cli(['keys', 'challenge-bits', id, '30'], env)).toMatchObject({ code: 2 })
    expect(cli(['keys', 'challenge-bits', 'key_nope', '12'], env).code).not.toBe(0)
    const stored = async () => {
      const store = openEmbeddedStore(dir)
      try {
        return await store.slice(challengeBitsSlice).bits(id)
      } finally {
        await store.close()
      }
    }
    expect(await stored()).toBe(16)
    expect(cli(['keys', 'challenge-bits', id, 'default'], env).code).toBe(0)
    expect(await stored()).toBeNull()
  })

  it('usage --json prints one array of id, plan, month, used and limit', () => {
    const { id } = createJson('--plan', 'starter')
    const result = cli(['usage', '--json'], env)
    expect(result.code).toBe(0)
    const month = new Date().toISOString().slice(0, 7)
    expect(JSON.parse(result.stdout)).toEqual([{ id, plan: 'starter', month, used: 0, limit: 10_000 }])
    expect(JSON.parse(cli(['usage', id, '--json'], env).stdout)).toHaveLength(1)
  })

  it('takes extra plans from the HUMA_PLANS file', () => {
    const plans = join(dir, 'plans.json')
    writeFileSync(plans, JSON.stringify({ loadtest: { perMinute: 100000, perMonth: 5 } }))
    env.HUMA_PLANS = plans
    const { id } = createJson('--plan', 'loadtest')
    expect(JSON.parse(cli(['usage', id, '--json'], env).stdout)[0]).toMatchObject({
      plan: 'loadtest',
      limit: 5,
    })
  })

  it('creates a key with scopes and allowed origins, and lists them', () => {
    const created = createJson('--plan', 'free', '--scopes', 'verify,stamp', '--origins', 'https://a.example')
    expect(created).toMatchObject({ scopes: ['verify', 'stamp'], allowed_origins: ['https://a.example'] })
    const two = createJson(
      '--plan',
      'free',
      '--scopes',
      'trust',
      '--scopes',
      'verify',
      '--origins',
      'https://A.example:443',
      'http://localhost:5173',
    )
    expect(two).toMatchObject({
      scopes: ['verify', 'trust'],
      allowed_origins: ['https://a.example', 'http://localhost:5173'],
    })
    const listed = JSON.parse(cli(['keys', 'list', '--json'], env).stdout) as Record<string, unknown>[]
    expect(listed.find((k) => k.id === created.id)).toMatchObject({
      scopes: ['verify', 'stamp'],
      allowed_origins: ['https://a.example'],
    })
    const text = cli(['keys', 'list'], env).stdout
    expect(text).toContain(`${created.id}  live  free  active  scopes verify,stamp  https://a.example`)
  })

  it('changes scopes and origins, and --any lifts the origin restriction', () => {
    const { id } = createJson('--plan', 'free')
    const scoped = cli(['keys', 'scopes', id, 'stamp', 'admin'], env)
    expect(scoped).toMatchObject({ code: 0, stdout: `${id} may now be used for: stamp, admin.\n` })
    expect(cli(['keys', 'origins', id, 'https://a.example', 'https://b.example:8443'], env).code).toBe(0)
    const listed = () =>
      (JSON.parse(cli(['keys', 'list', '--json'], env).stdout) as Record<string, unknown>[]).find(
        (k) => k.id === id,
      )
    expect(listed()).toMatchObject({
      scopes: ['stamp', 'admin'],
      allowed_origins: ['https://a.example', 'https://b.example:8443'],
    })
    const any = cli(['keys', 'origins', id, '--any', '--json'], env)
    expect(JSON.parse(any.stdout)).toEqual({ id, allowed_origins: [] })
    expect(listed()).toMatchObject({ allowed_origins: [] })
    expect(cli(['keys', 'list'], env).stdout).toContain('any origin')
  })

  it('refuses a bad scope or origin naming it, with a non-zero exit and nothing changed', () => {
    const { id } = createJson('--plan', 'free')
    const badScope = cli(['keys', 'scopes', id, 'verify', 'everything'], env)
    expect(badScope.code).toBe(2)
    expect(badScope.stderr).toContain(
      'unknown scope "everything"; scopes: verify, hosted, stamp, trust, webhooks, admin',
    )
    for (const origin of [
      'https://a.example/path',
      'ftp://a.example',
      'a.example',
      'https://u:p@a.example',
    ]) {
      const bad = cli(['keys', 'origins', id, origin], env)
      expect(bad.code, origin).toBe(2)
      expect(bad.stderr).toContain(`origin ${JSON.stringify(origin)}`)
    }
    expect(cli(['keys', 'origins', id], env).stderr).toContain('--any')
    expect(cli(['keys', 'origins', id, 'https://a.example', '--any'], env).code).toBe(2)
    expect(cli(['keys', 'scopes', id], env).stderr).toContain('at least one scope')
    const create = cli(['keys', 'create', '--plan', 'free', '--scopes', 'verify,stmp'], env)
    expect(create).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown scope "stmp"') })
    const origin = cli(['keys', 'create', '--plan', 'free', '--origins', 'https://a.example/x'], env)
    expect(origin).toMatchObject({ code: 2, stderr: expect.stringContaining('"https://a.example/x"') })
    expect(cli(['keys', 'scopes', 'key_nope', 'verify'], env)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no key key_nope'),
    })
    const listed = JSON.parse(cli(['keys', 'list', '--json'], env).stdout) as Record<string, unknown>[]
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({
      scopes: ['verify', 'hosted', 'stamp', 'trust', 'webhooks'],
      allowed_origins: [],
    })
  })

  it('refuses unknown plans, unknown keys and unknown options with a message and a non-zero exit', () => {
    const unknownPlan = cli(['keys', 'create', '--plan', 'platinum'], env)
    expect(unknownPlan.code).toBe(1)
    expect(unknownPlan.stderr).toContain('unknown plan "platinum"')
    expect(cli(['keys', 'revoke', 'key_nope'], env).stderr).toContain('no key key_nope')
    expect(cli(['keys', 'create', '--plan', 'free', '--colour', 'red'], env).code).toBe(2)
    expect(cli(['keys', 'create'], env).stderr).toContain('--plan is required')
  })

  it('names an unknown command, prints the usage on stderr and exits 2', () => {
    const unknown = cli(['frobnicate'], env)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('huma: unknown command "frobnicate"')
    expect(unknown.stderr).toContain('Usage: huma <command>')
    expect(cli(['keys', 'frob'], env).stderr).toContain('unknown command "keys frob"')
    expect(cli(['keys'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"keys" needs a command'),
    })
    expect(cli(['help'], env)).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: huma') })
  })

  it('refuses a month that is not one, with exit status 2', () => {
    createJson('--plan', 'starter')
    for (const month of ['2026-13', '2026-00', '2026-1', 'last']) {
      const result = cli(['usage', '--month', month], env)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`--month must be a month as YYYY-MM, not "${month}"`)
    }
    expect(cli(['usage', '--month', '2026-12', '--json'], env).code).toBe(0)
  })

  it('says which store it uses, on stderr, and keeps --json output to one JSON value', () => {
    const result = cli(['keys', 'list', '--json'], { HUMA_DATA_DIR: 'data' }, dir)
    expect(result.stderr).toContain(`huma: the embedded store in ${join(dir, 'data')}`)
    createJson('--plan', 'free')
    const listed = cli(['keys', 'list', '--json'], env)
    expect(listed.stderr).toBe(`huma: the embedded store in ${dir}\n`)
    expect(JSON.parse(listed.stdout)).toHaveLength(1)
  })

  it('refuses to read a data dir that holds no Huma data, and creates nothing there', () => {
    const empty = join(dir, 'elsewhere')
    for (const args of [['keys', 'list'], ['usage'], ['keys', 'revoke', 'key_x']]) {
      const result = cli(args, { HUMA_DATA_DIR: empty })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`no Huma data in ${empty}: start the server once`)
    }
    expect(existsSync(empty)).toBe(false)
  })

  it('resolves the default data dir as the server does: data/ in the Huma folder, from any folder', () => {
    const { HUMA_DATA_DIR: _, ...rest } = process.env
    const result = cli(['keys', 'list', '--json'], { ...(rest as Record<string, string>) }, dir)
    expect(result.stderr).toContain(`huma: the embedded store in ${join(ROOT, 'data')}\n`)
    expect(existsSync(join(dir, 'data'))).toBe(false)
  })
})
