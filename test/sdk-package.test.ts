/**
 * The client as a customer gets it: `npm pack` the `huma` workspace, install the tarball into an
 * empty folder (offline: a dependency would fail the install), and run plain `node` against a real
 * server (started as `npm start` starts it), through `import` and through `require()`; then type-check
 * ESM and CommonJS users of it.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, ROOT, startServer, type ServerProcess } from './helpers/processes.ts'

/** The environment without npm's own variables (an `npm test` run sets many) or a loader. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && name !== 'NODE_OPTIONS') env[name] = value
  }
  return { ...env, ...extra }
}

function run(command: string, args: string[], cwd: string, env = cleanEnv()) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    )
  }
  return result.stdout
}

let work: string
let app: string
let tarball: string
let dataDir: string
let server: ServerProcess
let key: string

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'huma-pack-'))
  dataDir = mkdtempSync(join(tmpdir(), 'huma-pack-data-'))
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', work], join(ROOT, 'sdk')),
  ) as { filename: string }[]
  tarball = join(work, packed[0]!.filename)
  app = join(work, 'app')
  cpSync(join(ROOT, 'test/fixtures/client-package'), app, { recursive: true })
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'customer', private: true }))
  run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app)
  const created = cli(['keys', 'create', '--plan', 'free', '--test', '--json'], { HUMA_DATA_DIR: dataDir })
  key = (JSON.parse(created.stdout) as { key: string }).key
  // the server as npm start runs it: the bundle build.mjs made
  server = await startServer({ HUMA_DATA_DIR: dataDir, HUMA_DEMO: 'off' }, { entry: 'dist/server.mjs' })
}, 180_000)

afterAll(async () => {
  await server?.stop()
  rmSync(work, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

const node = (script: string) =>
  JSON.parse(
    run(process.execPath, [script], app, cleanEnv({ HUMA_URL: server.url, HUMA_API_KEY: key })),
  ) as Record<string, unknown>

describe('the huma client package', () => {
  it('installs from its tarball alone: no dependency, only built JavaScript, declarations and the README', () => {
    expect(readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['huma'])
    const files = readdirSync(join(app, 'node_modules/huma'), { recursive: true }).map(String)
    expect(files).toContain('README.md')
    expect(files).toContain(join('dist', 'esm', 'node.js'))
    expect(files).toContain(join('dist', 'cjs', 'node.d.ts'))
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([])
    expect(statSync(tarball).size).toBeLessThan(40_000)
  })

  it('works from a plain node ES module against a real server', () => {
    expect(node('esm.mjs')).toEqual({
      person: [true, 'human'],
      bot: [false, 'not_human'],
      token: [true, true],
      error: { humaError: true, status: 401, code: 'INVALID_API_KEY', retryAfter: null },
      guard: [true, 'human', 'bad_request'],
      middleware: 'function',
    })
  })

  it('works through require() against a real server', () => {
    expect(node('cjs.cjs')).toEqual({
      sameClass: true,
      person: true,
      error: { humaError: true, status: 401, code: 'INVALID_API_KEY_FORMAT' },
      guard: [false, 'not_human'],
      middleware: 'function',
    })
  })

  it('type-checks for ES module and CommonJS users under node16 resolution', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
    run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], app)
  })
})
