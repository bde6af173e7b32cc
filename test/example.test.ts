import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AUTOMATION_MARKERS } from '../shared/signals.ts'
import { encodeTrace, type TraceEvent } from '../snippet/trace.ts'
import { startExample, type RunningExample } from '../examples/hono-backend/start.ts'
import { freePort, ROOT } from './helpers/processes.ts'

/** A few moves, a click and two key presses, as the snippet would have sent them from the form. */
const events: TraceEvent[] = [
  ...Array.from({ length: 8 }, (_, i) => ({
    t_ms: 100 + i * 16,
    type: 'mousemove',
    x: 100 + i * 9,
    y: 200 + i * 4,
  })),
  { t_ms: 300, type: 'mousedown', x: 163, y: 228, button: 0 },
  { t_ms: 390, type: 'mouseup', x: 163, y: 228, button: 0 },
  { t_ms: 700, type: 'keydown', key: 'letter' },
  { t_ms: 790, type: 'keyup', key: 'letter' },
]

const signup = (url: string, fields: Record<string, string>) =>
  fetch(`${url}/signup`, { method: 'POST', body: new URLSearchParams(fields) })

let running: RunningExample | null = null
afterEach(async () => {
  await running?.close()
  running = null
})

describe('examples/hono-backend', () => {
  it('serves a sign-up page that loads the snippet from the Huma server and marks its form data-huma', async () => {
    running = await startExample({ port: 0, humaPort: 0, sandbox: true })
    const html = await (await fetch(running.url)).text()
    expect(html).toContain(`<script src="${running.humaUrl}/huma.js" async></script>`)
    expect(html).toMatch(/<form data-huma method="post" action="\/signup">/)
  })

  it('allows a person and blocks a bot, with a sandbox key', async () => {
    running = await startExample({ port: 0, humaPort: 0, sandbox: true })
    const signals = encodeTrace(events, { viewport: [1280, 720], nowMs: 900 })
    const person = await signup(running.url, { username: 'alice', huma_signals: signals })
    expect(person.status).toBe(200)
    expect(await person.text()).toContain('data-allowed="true"')
    const bot = await signup(running.url, { username: 'bot_mallory', huma_signals: signals })
    expect(bot.status).toBe(403)
    expect(await bot.text()).toContain('data-allowed="false"')
  })

  it('blocks a browser that reports webdriver, with a live key and the real scorer', async () => {
    running = await startExample({ port: 0, humaPort: 0 })
    const signals = encodeTrace(events, {
      viewport: [1280, 720],
      nowMs: 900,
      automation: AUTOMATION_MARKERS.webdriver,
    })
    const res = await signup(running.url, { username: 'carol', huma_signals: signals })
    expect(res.status).toBe(403)
  })

  it('does not let a sign-up through with a wrong key: it says sign-up is not working and logs why', async () => {
    const huma = await startExample({ port: 0, humaPort: 0, sandbox: true })
    const errors: string[] = []
    const error = console.error
    console.error = (message: string) => void errors.push(message)
    try {
      running = await startExample({
        port: 0,
        huma: { url: huma.humaUrl, apiKey: 'huma_live_' + 'x'.repeat(32) },
      })
      const res = await signup(running.url, { username: 'alice' })
      expect(res.status).toBe(500)
      expect(await res.text()).toMatch(/data-outcome="misconfigured"[^]*Sign-up is not working right now/)
      expect(errors.join('\n')).toContain('HTTP 401 INVALID_API_KEY')
    } finally {
      console.error = error
      await huma.close()
    }
  })

  it('runs as one command (npm run example minus the build) and answers the form', async () => {
    const [port, humaPort] = [await freePort(), await freePort()]
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples/hono-backend/main.ts')], {
      env: { ...process.env, PORT: String(port), HUMA_PORT: String(humaPort), HUMA_SANDBOX: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      for (let i = 0; !output.includes('sign-up page'); i++) {
        if (child.exitCode !== null || i > 150) throw new Error(`the example did not start:\n${output}`)
        await new Promise((r) => setTimeout(r, 100))
      }
      const res = await signup(`http://127.0.0.1:${port}`, { username: 'bot_mallory' })
      expect(res.status).toBe(403)
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  }, 30_000)

  it('says in one line which variables to set when its port is taken (npm start running), and exits 1', async () => {
    const holder = createServer()
    const port = await new Promise<number>((resolve) =>
      holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)),
    )
    try {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'examples/hono-backend/main.ts')],
        {
          env: { ...process.env, PORT: String(await freePort()), HUMA_PORT: String(port) },
          encoding: 'utf8',
          timeout: 30_000,
        },
      )
      expect(result.status).toBe(1)
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^example: port ${port} is in use`))
      for (const name of ['PORT', 'HUMA_URL', 'HUMA_API_KEY']) expect(lines[0]).toContain(name)
    } finally {
      holder.close()
    }
  }, 30_000)
})
