import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli } from './helpers/processes.ts'

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
    expect(Object.keys(created).sort()).toEqual(['id', 'key', 'plan', 'trial_ends'])
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

  it('refuses unknown plans, unknown keys and unknown options with a message and a non-zero exit', () => {
    const unknownPlan = cli(['keys', 'create', '--plan', 'platinum'], env)
    expect(unknownPlan.code).toBe(1)
    expect(unknownPlan.stderr).toContain('unknown plan "platinum"')
    expect(cli(['keys', 'revoke', 'key_nope'], env).stderr).toContain('no key key_nope')
    expect(cli(['keys', 'create', '--plan', 'free', '--colour', 'red'], env).code).toBe(2)
    expect(cli(['keys', 'create'], env).stderr).toContain('--plan is required')
  })
})
