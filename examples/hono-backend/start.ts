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
import { createKey } from '../../server/admin.ts'
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

function listen(app: Hono, port: number): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) =>
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
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
    const server = await listen(createApp({ store, plans: PLANS }), humaPort)
    closers.push(
      server.close,
      () => store.close(),
      async () => rmSync(dir, { recursive: true, force: true }),
    )
    target = { url: server.url, apiKey: key }
  }
  const client = new Huma(target.apiKey, { baseUrl: target.url, timeoutMs: 3000, retries: 2 })
  const backend = await listen(customerApp({ huma: client, humaPublicUrl: target.url }), port)
  closers.unshift(backend.close)
  return {
    url: backend.url,
    humaUrl: target.url,
    async close() {
      for (const close of closers) await close()
    },
  }
}
