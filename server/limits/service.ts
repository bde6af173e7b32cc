/**
 * The limits: a key's burst window, a userId's flood window and a key's monthly quota, as results
 * (`{ok, remaining, resetMs}`), over the windows and usage slices. No HTTP here: the keys' auth
 * middleware and the verify service turn a refusal into its error code.
 */
import type { PlanLimits } from '../../shared/plans.ts'
import type { MonthlyHit, UsageStore } from './usage-store.ts'
import type { WindowHit, WindowStore } from './windows-store.ts'

/** The per-key burst window: `plan.perMinute` requests in any minute. */
export const BURST_WINDOW_MS = 60_000
/** "The same userId was verified more than 10 times in a minute under this key." */
export const USER_FLOOD_LIMIT = 10
export const USER_FLOOD_WINDOW_MS = 60_000

/** The last month asked for, with its bounds: one Date a month instead of one a verify call. */
let last = { month: '', from: 0, to: 0 }

/** `YYYY-MM` (UTC) of an epoch ms: the month a verification counts toward. */
export function monthOf(time: number): string {
  if (time >= last.from && time < last.to) return last.month
  const d = new Date(time)
  const month = d.toISOString().slice(0, 7)
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  last = { month, from, to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) }
  return month
}

export function msToNextMonth(time: number): number {
  const d = new Date(time)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - time
}

export interface Limits {
  /** one hit of the key's burst window */
  burst(keyId: string, plan: PlanLimits, now: number): Promise<WindowHit>
  /** the key's burst window as it stands (its headroom this minute), without a hit */
  burstHeadroom(keyId: string, plan: PlanLimits, now: number): Promise<WindowHit>
  /** one hit of the user's flood window under the key (`userHash`: the keyed hash, never the id) */
  flood(keyId: string, userHash: string, now: number): Promise<WindowHit>
  /** reserves one verification of `month` for the key, up to the plan's monthly limit */
  reserve(keyId: string, month: string, plan: PlanLimits): Promise<MonthlyHit>
  /** gives a reservation back (the verification failed) */
  release(keyId: string, month: string): Promise<void>
  /** the verifications counted for the key in `month`, without counting one */
  used(keyId: string, month: string): Promise<number>
}

export function createLimits(store: WindowStore & UsageStore): Limits {
  return {
    burst: (keyId, plan, now) => store.hitWindow(`burst:${keyId}`, plan.perMinute, BURST_WINDOW_MS, now),
    burstHeadroom: (keyId, plan, now) =>
      store.peekWindow(`burst:${keyId}`, plan.perMinute, BURST_WINDOW_MS, now),
    flood: (keyId, userHash, now) =>
      store.hitWindow(`flood:${keyId}:${userHash}`, USER_FLOOD_LIMIT, USER_FLOOD_WINDOW_MS, now),
    reserve: (keyId, month, plan) => store.reserveMonthly(keyId, month, plan.perMonth),
    release: (keyId, month) => store.releaseMonthly(keyId, month),
    used: async (keyId, month) => (await store.usage(month, keyId))[0]?.used ?? 0,
  }
}
