/**
 * A throwaway redis-server for tests: a free port, a temp dir, no snapshots. Returns null (after a
 * loud message) when redis-server is not on PATH, unless HUMA_REQUIRE_REDIS=1, which makes it throw.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './processes.ts'

export interface TestRedis {
  readonly port: number
  /** redis://127.0.0.1:<port>/0 */
  readonly url: string
  /** the scratch dir (holds the append-only file when `persist` is on) */
  readonly dir: string
  /** Stops the server (SIGKILL imitates a crash) and waits for it to exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers. */
  pause(): void
  /** Thaws a paused process (SIGCONT). */
  resume(): void
  /** Starts it again on the same port and dir. */
  start(): Promise<void>
  /** Stops it for good and removes the dir. */
  dispose(): Promise<void>
}

export interface TestRedisOptions {
  /** keep data across stop/start in an append-only file, fsynced on every write */
  persist?: boolean
}

export function redisAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
  if (found) return true
  if (process.env.HUMA_REQUIRE_REDIS === '1')
    throw new Error('redis-server is not on PATH and HUMA_REQUIRE_REDIS=1')
  console.warn(
    '\n!!! redis-server is not on PATH: SKIPPING the Redis tests (set HUMA_REQUIRE_REDIS=1 to fail instead) !!!\n',
  )
  return false
}

export async function startRedis({ persist = false }: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'huma-redis-'))
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '']
  args.push(...(persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']))
  let child: ChildProcess | null = null

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
      child = proc
      let output = ''
      const timer = setTimeout(() => fail(new Error(`redis-server did not start:\n${output}`)), 10_000)
      const fail = (error: Error) => {
        clearTimeout(timer)
        proc.kill('SIGKILL')
        reject(error)
      }
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      proc.once('exit', (code) => fail(new Error(`redis-server exited (${code}):\n${output}`)))
    })

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const proc = child
    child = null
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    proc.removeAllListeners('exit')
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill(signal)
    await exited
  }

  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    dir,
    stop,
    start,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    dispose: async () => {
      await stop('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
