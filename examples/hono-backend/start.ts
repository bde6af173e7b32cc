/**
 * Starts the example: the customer backend, and (unless HUMA_URL and HUMA_API_KEY point at a running
 * Huma) a Huma server in-process on a temporary data dir with a fresh key.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import type { Hono } from 'hono'
import { PLANS } from '../../shared/plans.ts'
import Huma from 'huma/node'
import { createKey } from '../../server/keys/service.ts'
import { createApp } from '../../server/app.ts'
import { openEmbeddedStore } from '../../server/store/embedded.ts'
import { customerApp } from './app.ts'

export interface ExampleOptions {
  /** the customer backend's port; 0 picks a free one */
  port: number
  /** a running Huma server and a key for it; when absent, one starts in-process */
  huma?: { url: string; apiKey: string }
  /** port of the in-process Huma server; 0 picks a free one */
  humaPort?: number
  /** in-process only: a huma_test_ sandbox key (usernames starting with bot_ are bots) instead of a live one */
  sandbox?: boolean
}

export interface RunningExample {
  url: string
  humaUrl: string
  close(): Promise<void>
}

/** A port someone else holds; `which` says whose it was meant to be, for a message that helps. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly which: 'backend' | 'huma',
  ) {
    super(
      which === 'huma'
        ? `port ${port} is in use (is npm start running?): use that server with HUMA_URL=http://localhost:${port} ` +
            `HUMA_API_KEY=<its key>, or start another on a free HUMA_PORT; the example's page is on PORT (3000)`
        : `port ${port} is in use: choose another PORT for the example's page (HUMA_URL and HUMA_API_KEY ` +
            'point it at a Huma server you already run)',
    )
  }
}

function listen(
  app: Hono,
  port: number,
  which: PortInUseError['which'],
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) =>
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    )
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, which) : error),
    )
  })
}

export async function startExample({
  port,
  huma,
  humaPort = 8787,
  sandbox = false,
}: ExampleOptions): Promise<RunningExample> {
  const closers: (() => Promise<void>)[] = []
  const closeAll = async () => {
    for (const close of closers) await close()
  }
  let target = huma
  if (!target) {
    const dir = mkdtempSync(join(tmpdir(), 'huma-example-'))
    const store = openEmbeddedStore(dir)
    const { key } = await createKey(store, PLANS, {
      plan: 'free',
      mode: sandbox ? 'test' : 'live',
      name: 'example',
      now: Date.now(),
    })
    closers.push(
      () => store.close(),
      async () => rmSync(dir, { recursive: true, force: true }),
    )
    const server = await listen(createApp({ store, plans: PLANS }), humaPort, 'huma').catch(
      async (error: unknown) => {
        await closeAll()
        throw error
      },
    )
    closers.unshift(server.close)
    target = { url: server.url, apiKey: key }
  }
  const client = new Huma(target.apiKey, { baseUrl: target.url, timeoutMs: 3000, retries: 2 })
  const app = customerApp({ huma: client, humaPublicUrl: target.url })
  const backend = await listen(app, port, 'backend').catch(async (error: unknown) => {
    await closeAll()
    throw error
  })
  closers.unshift(backend.close)
  return { url: backend.url, humaUrl: target.url, close: closeAll }
}
