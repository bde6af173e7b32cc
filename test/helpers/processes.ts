/** Runs the real CLI and server as child processes, the way an operator would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')

/** The CLI as an operator runs it: bin/huma.mjs (the bundled CLI, rebuilt first if server/ changed). */
export function cli(args: string[], env: Record<string, string>, cwd = ROOT) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/huma.mjs'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

export interface ServerProcess {
  url: string
  child: ChildProcess
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export interface StartOptions {
  /** the entry file, relative to the repo root (default: the real server's source) */
  entry?: string
  /** pin the process to this CPU with taskset (benchmarks) */
  cpu?: number
  /** extra node flags, before the entry */
  nodeArgs?: string[]
}

/**
 * Starts `server/main.ts` (or another entry) as ONE process, node with the tsx loader (the tsx CLI
 * would fork, and a SIGKILL of it would orphan the server), and resolves once it answers /healthz.
 */
export async function startServer(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<ServerProcess> {
  const port = await freePort()
  const entry = options.entry ?? 'server/main.ts'
  // TypeScript through the tsx loader; a built .mjs (dist/server.mjs, what npm start runs) as it is
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : []
  const command = [process.execPath, ...loader, ...(options.nodeArgs ?? []), join(ROOT, entry)]
  if (options.cpu !== undefined) command.unshift('taskset', '-c', String(options.cpu))
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited early:\n${output}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    if (i > 200) {
      child.kill('SIGKILL')
      throw new Error(`server did not start:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    child,
    output: () => output,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Resident memory of a process in KB, from /proc/<pid>/status (Linux). */
export async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
}
