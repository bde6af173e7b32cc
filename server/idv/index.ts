/**
 * The identity-verification system, assembled: its store slice, the face matcher, the encrypted vault,
 * the service and the routes, and what the dashboard may do (review.ts). server/app.ts mounts
 * `createIdv(...).routes` and hands `.admin` to the dashboard; server/main.ts starts the
 * retention sweeper and stops it and the model's thread on shutdown.
 */
import { join } from 'node:path'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { PlanTable } from '../limits/plans.ts'
import type { Store } from '../store/types.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import { loadIdvKeys, type IdvKeys } from './crypto.ts'
import type { FaceMatcher } from './matcher.ts'
import { createIdvAdmin, type IdvAdmin } from './review.ts'
import { idvRoutes } from './routes.ts'
import { createIdvService, type EnqueueEvent } from './service.ts'
import { idvSlice } from './store.ts'
import { createVault } from './vault.ts'

export interface IdvOptions {
  matcher: FaceMatcher
  /** where the encrypted files (`idv/files/`) and the uploads in progress (`idv/tmp/`) live */
  dataDir: string
  retentionDays?: number
  /** the webhook outbox's seam (server/webhooks/): called once per completed check */
  enqueueEvent?: EnqueueEvent
}

/** The secrets, read from the store once and kept (a failed read is tried again next time). */
export function idvKeysOf(store: Store): () => Promise<IdvKeys> {
  let keys: Promise<IdvKeys> | null = null
  return () => {
    if (!keys) {
      const loading = loadIdvKeys(store)
      loading.catch(() => {
        if (keys === loading) keys = null
      })
      keys = loading
    }
    return keys
  }
}

export function createIdv(
  options: IdvOptions & {
    store: Store
    plans: PlanTable
    now: () => number
    userHasher: () => Promise<UserHasher>
  },
): { routes: OpenAPIHono; admin: IdvAdmin } {
  const { store, matcher, dataDir, plans, now, userHasher } = options
  const idvStore = store.slice(idvSlice)
  const keys = idvKeysOf(store)
  const vault = createVault(dataDir, async () => (await keys()).seal)
  const tmpDir = join(dataDir, 'idv', 'tmp')
  const service = createIdvService({
    store: idvStore,
    vault,
    keys,
    matcher,
    tmpDir,
    now,
    ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
    ...(options.enqueueEvent ? { enqueueEvent: options.enqueueEvent } : {}),
  })
  return {
    routes: idvRoutes({ store, idvStore, plans, service, vault, keys, userHasher, tmpDir, now }),
    admin: createIdvAdmin({ store: idvStore, vault, service, enqueueEvent: options.enqueueEvent, now }),
  }
}
