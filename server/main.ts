/** `npm start`: reads env, opens the store, creates a first key on an empty store, and listens. */
import { join, resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { createKey, revokeOldDemoKeys } from './keys/service.ts'
import { createApp } from './app.ts'
import { readConfig } from './config.ts'
import { HTTP_SERVER_OPTIONS } from './http/node-server.ts'
import { startServerJobs } from './jobs.ts'
import { createLogger } from './log.ts'
import { createMetrics } from './metrics/metrics.ts'
import { makePrivateDir, openToOthers, writePrivateFile } from './private-files.ts'
import { describeStore, localDataDir, openStore } from './store/index.ts'
import { createWebhooks } from './webhooks/index.ts'
import { idvKeysOf } from './idv/index.ts'
import { createHumanMatcher } from './idv/matcher.ts'
import { startSweeper } from './idv/retention.ts'
import { idvSlice } from './idv/store.ts'
import { createVault } from './idv/vault.ts'

/** Where the first start's key goes when no terminal can show it, in the data dir. */
const FIRST_KEY_FILE = 'first-key.txt'

const config = readConfig()
const log = createLogger()
const store = openStore(config.store)

try {
  await store.ping()
} catch {
  process.stderr.write(
    `Huma: cannot reach the ${store.kind} store (HUMA_STORE); exiting so a supervisor can restart it.\n`,
  )
  process.exit(1)
}

const dataDir = resolve(config.store.dataDir)
if (localDataDir(config.store) !== null && openToOthers(dataDir) !== 0) {
  log.error('the data dir is open to other users: it holds the token signing keys; chmod 700 it', {
    dir: dataDir,
    mode: `0${(openToOthers(dataDir) | 0o700).toString(8)}`,
  })
}

if ((await store.listKeys()).length === 0) {
  const { record, key } = await createKey(store, config.plans, {
    plan: 'trial',
    name: 'first key',
    now: Date.now(),
  })
  // Shown once, and never into the log stream: the key is stored as a hash and cannot be shown again.
  // A terminal shows it; otherwise (a supervisor, a container, a pipe into log capture) it goes to a
  // file only this user can read, and the log says where.
  const about = `a trial key (${record.id}, ends ${new Date(record.trialEndsAt!).toISOString()})`
  if (process.stdout.isTTY) {
    process.stdout.write(`\nHuma: created ${about}.\nKeep it now, it is not shown again:\n\n  ${key}\n\n`)
  } else {
    makePrivateDir(dataDir)
    const file = join(dataDir, FIRST_KEY_FILE)
    writePrivateFile(file, `${key}\n`)
    log.info(
      'created the first key; it is in a file only this user can read: keep it, then delete the file',
      {
        key_id: record.id,
        file,
      },
    )
  }
}

// on a shared store an instance not yet upgraded may still be using its own
if (!store.shared) await revokeOldDemoKeys(store, Date.now())
const metrics = createMetrics({ processMetrics: true })
const webhooks = createWebhooks({ store, log, devMode: config.devMode })
if (config.devMode) log.info('development mode: webhook destinations may be loopback addresses', {})
// identity checks: the model loads on the first check, in a thread of its own
const faceMatcher = createHumanMatcher()
const idvKeys = idvKeysOf(store)
const sweeper = startSweeper(
  store.slice(idvSlice),
  createVault(dataDir, async () => (await idvKeys()).seal),
  { onError: () => log.error('the identity-check retention sweep failed; it runs again shortly') },
)
const app = createApp({
  webhooks,
  store,
  plans: config.plans,
  log,
  tokenTtlDays: config.tokenTtlDays,
  demo: config.demo,
  metrics,
  challenge: config.challenge,
  hosted: config.publicUrl ? { publicUrl: config.publicUrl } : {},
  admin: config.admin,
  idv: {
    matcher: faceMatcher,
    dataDir,
    retentionDays: config.idvRetentionDays,
  },
})
const listen = {
  fetch: app.fetch,
  port: config.port,
  hostname: config.host,
  serverOptions: HTTP_SERVER_OPTIONS,
}
const server = serve(listen, (info) => {
  log.info('listening', { port: info.port, store: store.kind })
  process.stdout.write(
    `Huma is listening on http://localhost:${info.port} (start page: http://localhost:${info.port}/), ` +
      `with ${describeStore(config.store)}\n`,
  )
})
const jobs = startServerJobs({ webhooks, store }, { log })

let stopping = false
function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  log.info('shutting down', { signal })
  // Stop accepting; in-flight requests and background passes finish; then the store closes.
  sweeper.stop()
  server.close(() => {
    void jobs
      .stop()
      .then(() => faceMatcher.close())
      .catch(() => {})
      .then(() => store.close())
      .finally(() => process.exit(0))
  })
  // A keep-alive connection whose last request just finished would otherwise hold the exit back for the
  // keep-alive timeout: close connections as soon as they are idle.
  if ('closeIdleConnections' in server) setInterval(() => server.closeIdleConnections(), 100).unref()
  // Past the longest a request may take, whatever still hangs is cut off.
  setTimeout(() => process.exit(1), HTTP_SERVER_OPTIONS.requestTimeout + 5_000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
