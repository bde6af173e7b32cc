/**
 * Privacy is a feature: after real traffic through a real server process, neither the userId nor the
 * API key nor the raw signals appear anywhere in the data dir or in anything the server printed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeTrace, type TraceEvent } from '../snippet/trace.ts'
import { cli, startServer, type ServerProcess } from './helpers/processes.ts'

const MARKER = 'marker-user-7f3a9c41@example.org'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** A person-like trace: a curved move with pauses, a click, some typing. */
function trace(): TraceEvent[] {
  const events: TraceEvent[] = []
  for (let i = 0; i < 120; i++) {
    const a = i / 40
    events.push({
      t_ms: i * 16 + (i % 7),
      type: 'mousemove',
      x: Math.round(300 + 200 * Math.sin(a)),
      y: Math.round(200 + 90 * a * a),
    })
  }
  events.push(
    { t_ms: 2000, type: 'mousedown', x: 480, y: 560, button: 0 },
    { t_ms: 2090, type: 'mouseup', x: 480, y: 560, button: 0 },
  )
  for (let i = 0; i < 12; i++) {
    events.push(
      { t_ms: 2400 + i * 140, type: 'keydown', key: 'letter' },
      { t_ms: 2470 + i * 140 + (i % 3) * 9, type: 'keyup', key: 'letter' },
    )
  }
  return events
}

describe('privacy', () => {
  let dir: string
  let server: ServerProcess
  let key: string
  let signals: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'huma-privacy-'))
    key = (
      JSON.parse(cli(['keys', 'create', '--plan', 'starter', '--json'], { HUMA_DATA_DIR: dir }).stdout) as {
        key: string
      }
    ).key
    server = await startServer({ HUMA_DATA_DIR: dir })
    signals = encodeTrace(trace(), { viewport: [1280, 800] })
    const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }
    const calls = [
      { userId: MARKER, signals, action: 'signup' },
      { userId: MARKER, signals },
      { userId: MARKER },
      { userId: MARKER, signals: 'not json at all' },
    ]
    for (const body of calls) {
      const res = await fetch(`${server.url}/api/v1/verify`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      })
      expect([200, 400]).toContain(res.status)
      if (res.status === 200) {
        const { token } = (await res.json()) as { token: string }
        const check = await fetch(`${server.url}/api/v1/tokens/verify`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ token, userId: MARKER }),
        })
        expect(((await check.json()) as { user_match: boolean }).user_match).toBe(true)
      }
    }
    expect(await server.stop()).toBe(0)
  })

  afterAll(() => {
    void server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const needles = () => ({
    userId: MARKER,
    'API key': key,
    'API key body': key.slice('huma_live_'.length),
    'raw signals': signals.slice(signals.indexOf('"m":'), signals.indexOf('"m":') + 60),
  })

  it('leaves no userId, API key or raw signals in any file of the data dir', () => {
    const files = filesUnder(dir)
    expect(files.some((f) => f.endsWith('huma.sqlite'))).toBe(true)
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const [what, needle] of Object.entries(needles())) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${what} in ${file}`).toBe(false)
        expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${what} (UTF-16) in ${file}`).toBe(false)
      }
    }
  })

  it('prints no userId, API key or raw signals in its logs', () => {
    const output = server.output()
    expect(output).toContain('"msg":"request"')
    for (const [what, needle] of Object.entries(needles())) expect(output.includes(needle), what).toBe(false)
  })
})
