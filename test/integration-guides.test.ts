/**
 * The guides of docs/integration.md, run as written: each example is started with plain `node`
 * (so `huma/node` is the built package, as a customer gets it) against a real Huma server started as
 * `npm start` starts it, with a sandbox key: `alice` is a person, `bot_mallory` a bot.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, freePort, ROOT, startServer, type ServerProcess } from './helpers/processes.ts'

let huma: ServerProcess
let dataDir: string
let env: Record<string, string>

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'huma-guides-'))
  const created = cli(['keys', 'create', '--plan', 'free', '--test', '--json'], { HUMA_DATA_DIR: dataDir })
  huma = await startServer({ HUMA_DATA_DIR: dataDir, HUMA_DEMO: 'off' }, { entry: 'dist/server.mjs' })
  env = { HUMA_URL: huma.url, HUMA_API_KEY: (JSON.parse(created.stdout) as { key: string }).key }
}, 60_000)

afterAll(async () => {
  await huma?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

type Post = (fields: Record<string, string>) => Promise<{ status: number; body: unknown }>

/** What every guide must do: let a person in, keep a bot out, and call a missing user id a 400. */
async function behavesAsGuarded(post: Post) {
  expect(await post({ email: 'alice', huma_signals: '' })).toEqual({
    status: 200,
    body: { welcome: 'alice' },
  })
  expect(await post({ email: 'bot_mallory' })).toMatchObject({ status: 403, body: { error: 'NOT_HUMAN' } })
  expect(await post({})).toEqual({
    status: 400,
    body: { error: 'BAD_REQUEST', message: 'userId is missing' },
  })
}

/** Starts an example server with plain node and waits for its "sign-up on" line. */
async function startExample(file: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(ROOT, file)], {
    env: { ...process.env, ...env, PORT: String(port), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  for (let i = 0; !output.includes('sign-up on'); i++) {
    if (child.exitCode !== null || i > 150) throw new Error(`${file} did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url: `http://127.0.0.1:${port}`, child }
}

const formPost =
  (url: string): Post =>
  async (fields) => {
    const res = await fetch(`${url}/signup`, { method: 'POST', body: new URLSearchParams(fields) })
    return { status: res.status, body: await res.json() }
  }

describe('integration guides', () => {
  for (const file of ['examples/node-http/server.mjs', 'examples/express/server.mjs']) {
    it(`${file} guards its sign-up route`, async () => {
      const example = await startExample(file)
      try {
        await behavesAsGuarded(formPost(example.url))
      } finally {
        example.child.kill('SIGTERM')
      }
    })
  }

  it('examples/nextjs: the route handler guards POST (called as Next.js calls it, with a Request)', async () => {
    const route = join(ROOT, 'examples/nextjs/app/api/signup/route.js')
    const post: Post = async (fields) => {
      const script = `const { POST } = await import(${JSON.stringify(route)})
const res = await POST(new Request('http://app.test/api/signup', { method: 'POST', body: new URLSearchParams(${JSON.stringify(fields)}) }))
console.log(JSON.stringify({ status: res.status, body: await res.json() }))`
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, ...env, NODE_OPTIONS: '' },
        encoding: 'utf8',
      })
      if (result.status !== 0) throw new Error(result.stderr)
      return JSON.parse(result.stdout) as { status: number; body: unknown }
    }
    await behavesAsGuarded(post)
  })
})
