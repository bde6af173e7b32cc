/** `huma keys … --redirect-origins`, `huma keys redirect-origins` and `huma keys theme`, as a customer runs them. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHostedStore } from '../server/hosted/store/index.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { cli } from './helpers/processes.ts'

let dir: string
let env: Record<string, string>
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'huma-hosted-cli-'))
  env = { HUMA_DATA_DIR: dir }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function settingsOf(id: string) {
  const store = openEmbeddedStore(dir)
  try {
    return await openHostedStore(store)!.keySettings(id)
  } finally {
    await store.close()
  }
}

describe('huma CLI for the hosted check', () => {
  it('creates a key with its allowed redirect origins, and replaces them later', async () => {
    const created = cli(
      [
        'keys',
        'create',
        '--plan',
        'trial',
        '--json',
        '--redirect-origins',
        'https://yourapp.com',
        'http://localhost:3000',
      ],
      env,
    )
    expect(created.code, created.stderr).toBe(0)
    const { id } = JSON.parse(created.stdout) as { id: string }
    expect((await settingsOf(id)).redirectOrigins).toEqual(['https://yourapp.com', 'http://localhost:3000'])

    const set = cli(['keys', 'redirect-origins', id, 'https://shop.example.org/'], env)
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout).toContain('https://shop.example.org')
    expect((await settingsOf(id)).redirectOrigins).toEqual(['https://shop.example.org'])

    expect(cli(['keys', 'redirect-origins', id], env).stdout).toContain('only loopback')
    expect((await settingsOf(id)).redirectOrigins).toEqual([])
  })

  it('refuses an origin that is plain http off loopback, or carries a path, with a usage error', async () => {
    const { id } = JSON.parse(cli(['keys', 'create', '--plan', 'trial', '--json'], env).stdout) as {
      id: string
    }
    const http = cli(['keys', 'redirect-origins', id, 'http://yourapp.com'], env)
    expect(http.code).toBe(2)
    expect(http.stderr).toContain('must be https')
    const path = cli(['keys', 'redirect-origins', id, 'https://yourapp.com/return'], env)
    expect(path.code).toBe(2)
    expect(path.stderr).toContain('origin only')
    expect((await settingsOf(id)).redirectOrigins).toEqual([])
  })

  it("sets the check page's name, logo and accent, refusing a logo from another origin", async () => {
    const { id } = JSON.parse(cli(['keys', 'create', '--plan', 'trial', '--json'], env).stdout) as {
      id: string
    }
    const logo = 'data:image/png;base64,iVBORw0KGgo='
    expect(
      cli(['keys', 'theme', id, '--name', 'Acme Surveys', '--logo-url', logo, '--accent', '#b3261e'], env)
        .code,
    ).toBe(0)
    expect(await settingsOf(id)).toMatchObject({ name: 'Acme Surveys', logoUrl: logo, accent: '#b3261e' })
    const remote = cli(['keys', 'theme', id, '--logo-url', 'https://cdn.example.com/logo.png'], env)
    expect(remote.code).toBe(2)
    expect(remote.stderr).toContain('loads nothing from other origins')
    expect(cli(['keys', 'theme', id, '--accent', 'red'], env).code).toBe(2)
  })
})
