/**
 * The hosted check as one sub-app: its store slice, passkeys, sessions and routes, wired from what the
 * main app already has (the base store, the user hasher, the scorer). server/app.ts mounts it.
 */
import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import type { PlanTable } from '../plans.ts'
import type { ScoreFn } from '../scorer.ts'
import type { Store } from '../store/types.ts'
import { createTokenService } from '../tokens.ts'
import type { UserHasher } from '../user-hash.ts'
import type { Outbox } from '../webhooks/outbox.ts'
import { createPasskeys } from './passkeys.ts'
import { hostedRoutes } from './routes.ts'
import { hostedScorer } from './score.ts'
import { createSessions, RESULT_TOKEN_TTL_S } from './sessions.ts'
import { openHostedStore } from './store/index.ts'
import type { HostedStore } from './store/types.ts'

export interface HostedOptions {
  /** the slice; default: opened on the base store's own SQLite file or Redis */
  store?: HostedStore
  /** HUMA_PUBLIC_URL: the origin of invite URLs and of passkeys; default: each request's own origin */
  publicUrl?: string
  inviteTtlMs?: number
  /**
   * the webhook machinery's outbox (server/webhooks/): USER_VERIFICATION_COMPLETED is written in the same
   * transaction as the completion. Without it, no webhook is sent (get_status and the redirect still work).
   */
  outbox?: Outbox
}

export interface HostedDeps extends HostedOptions {
  /** the store as opened (not a wrapper of it), whose connection the slice shares */
  baseStore: Store
  /** the store the routes use (maybe instrumented) */
  appStore: Store
  plans: PlanTable
  now: () => number
  userHasher: () => Promise<UserHasher>
  score: ScoreFn
}

/** Null when the store has no connection a slice can share (a stand-in store of a test). */
export function createHostedApp(deps: HostedDeps): Hono | null {
  const store = deps.store ?? openHostedStore(deps.baseStore)
  if (!store) return null
  let secret: Promise<Buffer> | null = null
  const hostedSecret = () =>
    (secret ??= deps.appStore
      .secret('hosted', () => randomBytes(32).toString('hex'))
      .then((hex) => Buffer.from(hex, 'hex'))
      .catch((error: unknown) => {
        secret = null
        throw error
      }))
  const sessions = createSessions({
    store,
    passkeys: createPasskeys(store, hostedSecret),
    userHasher: deps.userHasher,
    secret: hostedSecret,
    score: hostedScorer(deps.score),
    findKey: (id) => deps.appStore.findKeyById(id),
    tokens: createTokenService(deps.appStore, { now: deps.now, ttlDays: RESULT_TOKEN_TTL_S / 86_400 }),
    now: deps.now,
    ...(deps.inviteTtlMs === undefined ? {} : { inviteTtlMs: deps.inviteTtlMs }),
    outbox: deps.outbox,
  })
  return hostedRoutes({
    sessions,
    store: deps.appStore,
    plans: deps.plans,
    now: deps.now,
    ...(deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl }),
  })
}
