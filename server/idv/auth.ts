/**
 * The key sent as a form field (`api_key`, the original's way) checked as the Authorization header
 * is by server/keys/auth.ts: known, not revoked, with the `hosted` scope, within its burst window and its
 * trial.
 */
import { KEY_PATTERN } from '../../shared/keys.ts'
import { checkAccess } from '../keys/access.ts'
import { hashKey } from '../keys/keys.ts'
import { constantTimeEqual } from '../secrets/compare.ts'
import type { PlanTable } from '../limits/plans.ts'
import { BURST_WINDOW_MS } from '../limits/service.ts'
import type { ApiKeyRecord, Store, WindowHit } from '../store/types.ts'
import type { PlanLimits } from '../../shared/plans.ts'

export type KeyCheck =
  | { ok: true; key: ApiKeyRecord; plan: PlanLimits; burst: WindowHit }
  | { ok: false; code: 'INVALID_API_KEY' | 'TRIAL_EXPIRED' | 'SCOPE_NOT_ALLOWED'; message: string }
  | { ok: false; code: 'BURST_LIMIT_EXCEEDED'; message: string; burst: WindowHit }

export async function checkFormKey(
  store: Store,
  plans: PlanTable,
  key: string,
  now: number,
): Promise<KeyCheck> {
  if (!KEY_PATTERN.test(key)) return { ok: false, code: 'INVALID_API_KEY', message: 'Invalid API key' }
  const hash = hashKey(key)
  const record = await store.findKeyByHash(hash)
  if (!record || !constantTimeEqual(record.hash, hash) || record.revokedAt !== null) {
    return { ok: false, code: 'INVALID_API_KEY', message: 'Invalid API key' }
  }
  // the `hosted` scope, as /verif/sessions; no Origin check: this form is posted from Huma's own page
  const refused = checkAccess(record, 'hosted', undefined)
  if (refused) return { ok: false, code: 'SCOPE_NOT_ALLOWED', message: refused.message }
  const plan = plans[record.plan]
  if (!plan) throw new Error(`key ${record.id} is on plan ${record.plan}, which the plan table lacks`)
  const burst = await store.hitWindow(`burst:${record.id}`, plan.perMinute, BURST_WINDOW_MS, now)
  if (!burst.ok) {
    return {
      ok: false,
      code: 'BURST_LIMIT_EXCEEDED',
      message: `this key allows ${plan.perMinute} requests a minute`,
      burst,
    }
  }
  if (record.trialEndsAt !== null && now >= record.trialEndsAt) {
    return {
      ok: false,
      code: 'TRIAL_EXPIRED',
      message: `the trial of this key ended at ${new Date(record.trialEndsAt).toISOString()}`,
    }
  }
  return { ok: true, key: record, plan, burst }
}
