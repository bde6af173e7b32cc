/**
 * The usage slice: each key's verifications counted per month, reserved atomically up to the plan's
 * limit and given back when a verification fails. Embedded: the `usage` table, written in the
 * turn's group commit. Redis: a HASH per month (`usage:<month>`), kept USAGE_RETENTION_MS after it
 * ends. test/contracts/usage.ts runs against both.
 */
import type { RedisHandle } from '../store/redis-client.ts'
import { defineSlice } from '../store/slice.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'

export interface MonthlyHit {
  ok: boolean
  used: number
}

export interface UsageRow {
  keyId: string
  month: string
  used: number
}

export interface UsageStore {
  /** Counts one verification for the month when fewer than `limit` were counted. Atomic. */
  reserveMonthly(keyId: string, month: string, limit: number): Promise<MonthlyHit>
  /** Gives back a reservation whose verification did not succeed. */
  releaseMonthly(keyId: string, month: string): Promise<void>
  usage(month: string, keyId?: string): Promise<UsageRow[]>
}

function embeddedUsage({ db, guard, write }: EmbeddedDb): UsageStore {
  db.exec(`CREATE TABLE IF NOT EXISTS usage (
    key_id TEXT NOT NULL, month TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (key_id, month))`)
  const q = {
    reserve: db.prepare(
      `INSERT INTO usage (key_id, month, used) VALUES (@keyId, @month, 1)
       ON CONFLICT (key_id, month) DO UPDATE SET used = used + 1 WHERE used < @limit
       RETURNING used`,
    ),
    release: db.prepare('UPDATE usage SET used = used - 1 WHERE key_id = ? AND month = ? AND used > 0'),
    usageAll: db.prepare<[string], { key_id: string; month: string; used: number }>(
      'SELECT key_id, month, used FROM usage WHERE month = ? ORDER BY key_id',
    ),
    usageOne: db.prepare<[string, string], { key_id: string; month: string; used: number }>(
      'SELECT key_id, month, used FROM usage WHERE month = ? AND key_id = ?',
    ),
  }
  return {
    reserveMonthly: (keyId, month, limit) =>
      write(() => {
        if (limit <= 0) return { ok: false, used: q.usageOne.get(month, keyId)?.used ?? 0 }
        const row = q.reserve.get({ keyId, month, limit }) as { used: number } | undefined
        if (row) return { ok: true, used: row.used }
        const current = q.usageOne.get(month, keyId)
        return { ok: false, used: current?.used ?? 0 }
      }),
    releaseMonthly: (keyId, month) => write(() => void q.release.run(keyId, month)),
    usage: (month, keyId) =>
      guard(() => {
        const rows = keyId === undefined ? q.usageAll.all(month) : q.usageOne.all(month, keyId)
        return rows.map((r) => ({ keyId: r.key_id, month: r.month, used: r.used }))
      }),
  }
}

/** Monthly usage is kept this long after its month ends (for `huma usage`), then expires. */
export const USAGE_RETENTION_MS = 92 * 86_400_000

/** KEYS[1] = HASH keyId -> used for one month; ARGV = keyId, limit, expireAtMs. Returns {ok, used}. */
const RESERVE_MONTHLY = `
local used = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if used >= tonumber(ARGV[2]) then return {0, used} end
used = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return {1, used}
`

/** KEYS[1] = the month's HASH; ARGV = keyId. Never goes below zero. */
const RELEASE_MONTHLY = `
local used = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if used > 0 then redis.call('HINCRBY', KEYS[1], ARGV[1], -1) end
return 0
`

function monthEnd(month: string): number {
  const [year, m] = month.split('-').map(Number)
  return Date.UTC(year ?? 1970, m ?? 1, 1)
}

function redisUsage({ redis, prefix, run, script }: RedisHandle): UsageStore {
  const key = (month: string) => `${prefix}usage:${month}`
  return {
    reserveMonthly: (keyId, month, limit) =>
      run(async () => {
        const expireAt = monthEnd(month) + USAGE_RETENTION_MS
        const [ok, used] = (await script(RESERVE_MONTHLY, [key(month)], [keyId, limit, expireAt])) as number[]
        return { ok: ok === 1, used: used ?? 0 }
      }),
    releaseMonthly: (keyId, month) =>
      run(async () => void (await script(RELEASE_MONTHLY, [key(month)], [keyId]))),
    usage: (month, keyId) =>
      run(async () => {
        const all = await redis.hgetall(key(month))
        return Object.entries(all)
          .filter(([id]) => keyId === undefined || id === keyId)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([id, used]) => ({ keyId: id, month, used: Number(used) }))
      }),
  }
}

export const usageSlice = defineSlice<UsageStore>({
  name: 'usage',
  embedded: embeddedUsage,
  redis: redisUsage,
})
