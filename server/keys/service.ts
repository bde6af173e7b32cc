/** Key administration, shared by the CLI and the server's first start. */
import { TRIAL_DAYS } from '../../shared/plans.ts'
import { DEFAULT_SCOPES, type KeyMode, type Scope } from '../../shared/keys.ts'
import { generateKey, generateKeyId, hashKey } from './keys.ts'
import type { PlanTable } from '../limits/plans.ts'
import type { ApiKeyRecord, KeyStore } from './store.ts'

export interface CreatedKey {
  record: ApiKeyRecord
  /** the key itself: shown once, never stored */
  key: string
}

export interface CreateKeyOptions {
  plan: string
  mode?: KeyMode
  name?: string | null
  /** epoch ms; defaults to 14 days from now on the trial plan, none otherwise */
  trialEndsAt?: number | null
  /** default: DEFAULT_SCOPES (all but admin) */
  scopes?: readonly Scope[]
  /** browser origins allowed to use the key, as parseAllowedOrigins gives them; default: any */
  allowedOrigins?: readonly string[]
  now: number
}

export function defaultTrialEnd(plan: string, now: number): number | null {
  return plan === 'trial' ? now + TRIAL_DAYS * 86_400_000 : null
}

export async function createKey(
  store: KeyStore,
  plans: PlanTable,
  options: CreateKeyOptions,
): Promise<CreatedKey> {
  const { plan, mode = 'live', name = null, scopes = DEFAULT_SCOPES, allowedOrigins = [], now } = options
  if (!plans[plan])
    throw new Error(`unknown plan ${JSON.stringify(plan)}; plans: ${Object.keys(plans).join(', ')}`)
  const key = generateKey(mode)
  const record: ApiKeyRecord = {
    id: generateKeyId(),
    hash: hashKey(key),
    mode,
    plan,
    name,
    createdAt: now,
    trialEndsAt: options.trialEndsAt === undefined ? defaultTrialEnd(plan, now) : options.trialEndsAt,
    revokedAt: null,
    scopes: [...scopes],
    allowedOrigins: [...allowedOrigins],
  }
  await store.createKey(record)
  return { record, key }
}

export const DEMO_KEY_NAME = 'demo'

/**
 * Before the demo verified under no key, each start made a live `demo` key held in memory only. Those
 * left in a store are revoked: nobody can know them, and a live key nobody uses is one too many.
 */
export async function revokeOldDemoKeys(store: KeyStore, now: number): Promise<number> {
  let revoked = 0
  for (const old of await store.listKeys()) {
    if (old.name === DEMO_KEY_NAME && old.revokedAt === null && (await store.revokeKey(old.id, now)))
      revoked++
  }
  return revoked
}
