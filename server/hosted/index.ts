/**
 * The hosted check as one sub-app: its store slice, passkeys, sessions and routes, wired from what the
 * main app already has (the store, the limits, the user hasher, the scorer). server/app.ts mounts it.
 */
import { randomBytes } from 'node:crypto'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { PlanTable } from '../limits/plans.ts'
import type { Limits } from '../limits/service.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import type { Store } from '../store/types.ts'
import { createTokenService } from '../tokens/service.ts'
import type { ScoreFn } from '../verify/scorer.ts'
import type { Outbox } from '../webhooks/outbox.ts'
import type { HostedStore, HostedUser } from './store/types.ts'
import { createPasskeys } from './passkeys.ts'
import { hostedRoutes } from './routes.ts'
import { hostedScorer } from './score.ts'
import { createSessions, RESULT_TOKEN_TTL_S } from './sessions.ts'
import { openHostedStore } from './store/index.ts'

export interface HostedOptions {
  /** HUMA_PUBLIC_URL: the origin of invite URLs and of passkeys; default: each request's own origin */
  publicUrl?: string
  inviteTtlMs?: number
  /**
   * the webhook machinery's outbox (server/webhooks/): USER_VERIFICATION_COMPLETED is written in the same
   * transaction as the completion. Without it, no webhook is sent (get_status and the redirect still work).
   */
  outbox?: Outbox
  /** told of each completed check after it is stored (server/trust/'s enrolment) */
  onCompleted?: (user: HostedUser, reference: string | null) => Promise<void>
}

export interface HostedDeps extends HostedOptions {
  store: Store
  limits: Pick<Limits, 'burst'>
  plans: PlanTable
  now: () => number
  userHasher: () => Promise<UserHasher>
  score: ScoreFn
}

export function createHostedApp(deps: HostedDeps): OpenAPIHono {
  const store = lazily(() => openHostedStore(deps.store))
  let secret: Promise<Buffer> | null = null
  const hostedSecret = () =>
    (secret ??= deps.store
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
    findKey: (id) => deps.store.findKeyById(id),
    tokens: createTokenService(deps.store, { now: deps.now, ttlDays: RESULT_TOKEN_TTL_S / 86_400 }),
    now: deps.now,
    ...(deps.inviteTtlMs === undefined ? {} : { inviteTtlMs: deps.inviteTtlMs }),
    outbox: deps.outbox,
    onCompleted: deps.onCompleted,
  })
  return hostedRoutes({
    sessions,
    keys: deps.store,
    limits: deps.limits,
    plans: deps.plans,
    now: deps.now,
    ...(deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl }),
  })
}

/**
 * The slice, opened on its first use rather than when the app is built: building an app touches no
 * store (a test's stand-in store may refuse everything; an app that never serves a check opens nothing).
 */
function lazily(open: () => HostedStore): HostedStore {
  return new Proxy({} as HostedStore, {
    get(_, name) {
      const slice = open()
      const value = slice[name as keyof HostedStore]
      return typeof value === 'function' ? value.bind(slice) : value
    },
  })
}
