/** Key administration, shared by the CLI and the server's first start. */
import { createHmac, randomBytes } from 'node:crypto'
import { TRIAL_DAYS } from '../shared/plans.ts'
import { KEY_BODY_LENGTH, type KeyMode } from '../shared/keys.ts'
import { generateKey, generateKeyId, hashKey } from './keys.ts'
import type { PlanTable } from './plans.ts'
import type { ApiKeyRecord, Store } from './store/types.ts'

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
  now: number
  /** the key itself, when it is derived rather than drawn (the demo's); default a fresh random one */
  key?: string
}

export function defaultTrialEnd(plan: string, now: number): number | null {
  return plan === 'trial' ? now + TRIAL_DAYS * 86_400_000 : null
}

export async function createKey(
  store: Store,
  plans: PlanTable,
  options: CreateKeyOptions,
): Promise<CreatedKey> {
  const { plan, mode = 'live', name = null, now } = options
  if (!plans[plan])
    throw new Error(`unknown plan ${JSON.stringify(plan)}; plans: ${Object.keys(plans).join(', ')}`)
  const key = options.key ?? generateKey(mode)
  const record: ApiKeyRecord = {
    id: generateKeyId(),
    hash: hashKey(key),
    mode,
    plan,
    name,
    createdAt: now,
    trialEndsAt: options.trialEndsAt === undefined ? defaultTrialEnd(plan, now) : options.trialEndsAt,
    revokedAt: null,
  }
  await store.createKey(record)
  return { record, key }
}

export const DEMO_KEY_NAME = 'demo'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * The demo page's key: derived from a secret the store keeps (like the user-hash secret), so every
 * start, and every instance on a shared store, arrives at the same key and the same one row; the store
 * still holds only the key's hash. Older demo rows are revoked once. If an operator revoked the
 * demo key itself, it stays revoked and the demo's sign-up is off (null).
 */
export async function createDemoKey(store: Store, plans: PlanTable): Promise<string | null> {
  const now = Date.now()
  const seed = await store.secret('demo-key', () => randomBytes(32).toString('hex'))
  const digest = createHmac('sha256', Buffer.from(seed, 'hex')).update('demo key').digest()
  const body = Array.from(digest.subarray(0, KEY_BODY_LENGTH), (byte) => BASE62[byte % 62]).join('')
  const key = `huma_live_${body}`
  let current = await store.findKeyByHash(hashKey(key))
  if (!current) {
    current = (await createKey(store, plans, { plan: 'free', name: DEMO_KEY_NAME, now, key })).record
  }
  for (const old of await store.listKeys()) {
    if (old.name === DEMO_KEY_NAME && old.revokedAt === null && old.hash !== current.hash) {
      await store.revokeKey(old.id, now)
    }
  }
  return current.revokedAt === null ? key : null
}
