/**
 * The Redis store: every piece of shared state in one Redis, so any number of instances behind a
 * load balancer share keys, limits, monthly usage, replay digests, signing keys and secrets.
 * Each check-and-count is one Lua script (redis-scripts.ts). Layout and TTLs: docs/operations.md.
 *
 * Failure is fast and closed: commands are never queued while Redis is away (`enableOfflineQueue:
 * false`), a command on a stalled connection gives up after `commandTimeoutMs`, and every failure
 * becomes StoreUnavailableError (503). The client reconnects with backoff forever, so an instance
 * serves again as soon as Redis is back.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { registerHandle } from './handles.ts'
import * as lua from './redis-scripts.ts'
import {
  StoreUnavailableError,
  type ApiKeyRecord,
  type MonthlyHit,
  type SigningKeyRecord,
  type Store,
  type UsageRow,
  type WindowHit,
} from './types.ts'

export interface RedisStoreOptions {
  /**
   * Whose clock times the windows and digests: `redis` (default; one clock for every instance, so
   * skewed hosts still share one exact window) or `caller` (the `now` passed in; for tests).
   */
  clock?: 'redis' | 'caller'
  /** prefix of every key */
  prefix?: string
  /** a command on a stalled connection fails after this long */
  commandTimeoutMs?: number
  /** how long the first commands wait for the first connection */
  connectWaitMs?: number
}

/** Monthly usage is kept this long after its month ends (for `huma usage`), then expires. */
export const USAGE_RETENTION_MS = 92 * 86_400_000

const toKey = (id: string, h: Record<string, string>): ApiKeyRecord => ({
  id,
  hash: h.hash ?? '',
  mode: h.mode === 'test' ? 'test' : 'live',
  plan: h.plan ?? '',
  name: h.name ?? null,
  createdAt: Number(h.createdAt),
  trialEndsAt: h.trialEndsAt === undefined ? null : Number(h.trialEndsAt),
  revokedAt: h.revokedAt === undefined ? null : Number(h.revokedAt),
})

function monthEnd(month: string): number {
  const [year, m] = month.split('-').map(Number)
  return Date.UTC(year ?? 1970, m ?? 1, 1)
}

export function openRedisStore(url: string, options: RedisStoreOptions = {}): Store {
  const { clock = 'redis', prefix = 'huma:', commandTimeoutMs = 1000, connectWaitMs = 2000 } = options
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    keepAlive: 5000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 500),
  })
  // Errors reach callers as StoreUnavailableError; the event itself only says the link is down.
  redis.on('error', () => {})
  let closed = false
  const firstReady = new Promise<void>((resolve) => redis.once('ready', () => resolve()))
  let everReady = false
  void firstReady.then(() => (everReady = true))

  const k = {
    key: (id: string) => `${prefix}key:${id}`,
    keyHash: (hash: string) => `${prefix}key-hash:${hash}`,
    keys: `${prefix}keys`,
    usage: (month: string) => `${prefix}usage:${month}`,
    window: (bucket: string) => `${prefix}win:${bucket}`,
    digest: (digest: string) => `${prefix}digest:${digest}`,
    signingKeys: `${prefix}signing-keys`,
    secret: (name: string) => `${prefix}secret:${name}`,
  }
  const time = (now: number) => (clock === 'redis' ? -1 : now)

  /** Waits for the very first connection (bounded); afterwards a missing link fails at once. */
  const ready = async (): Promise<void> => {
    if (closed) throw new StoreUnavailableError('redis store closed')
    if (redis.status === 'ready' || everReady) return
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError('redis not reachable')), connectWaitMs)
    })
    await Promise.race([firstReady, timeout]).finally(() => clearTimeout(timer))
  }
  const run = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      await ready()
      return await op()
    } catch (cause) {
      if (cause instanceof StoreUnavailableError) throw cause
      throw new StoreUnavailableError('redis store failed', { cause })
    }
  }

  const shas = new Map<string, string>()
  /** EVALSHA, falling back to EVAL once after a Redis restart has emptied the script cache. */
  const script = async (source: string, keys: string[], args: (string | number)[]): Promise<unknown> => {
    let sha = shas.get(source)
    if (!sha) shas.set(source, (sha = createHash('sha1').update(source).digest('hex')))
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return redis.eval(source, keys.length, ...keys, ...args)
    }
  }

  const readKey = async (id: string | null): Promise<ApiKeyRecord | null> => {
    if (!id) return null
    const fields = await redis.hgetall(k.key(id))
    return fields.hash === undefined ? null : toKey(id, fields)
  }

  const store: Store = {
    kind: 'redis',
    createKey: (key) =>
      run(async () => {
        const fields: (string | number)[] = [
          'hash',
          key.hash,
          'mode',
          key.mode,
          'plan',
          key.plan,
          'createdAt',
          key.createdAt,
        ]
        if (key.name !== null) fields.push('name', key.name)
        if (key.trialEndsAt !== null) fields.push('trialEndsAt', key.trialEndsAt)
        if (key.revokedAt !== null) fields.push('revokedAt', key.revokedAt)
        await script(
          lua.CREATE_KEY,
          [k.key(key.id), k.keyHash(key.hash), k.keys],
          [key.id, key.createdAt, ...fields],
        )
      }),
    findKeyByHash: (hash) => run(async () => readKey(await redis.get(k.keyHash(hash)))),
    findKeyById: (id) => run(() => readKey(id)),
    listKeys: () =>
      run(async () => {
        const ids = await redis.zrange(k.keys, '0', '-1')
        const records = await Promise.all(ids.map(readKey))
        return records.filter((r): r is ApiKeyRecord => r !== null)
      }),
    revokeKey: (id, at) => run(async () => (await script(lua.REVOKE_KEY, [k.key(id)], [at])) === 1),
    setPlan: (id, plan, trialEndsAt) =>
      run(async () => (await script(lua.SET_PLAN, [k.key(id)], [plan, trialEndsAt ?? ''])) === 1),

    hitWindow: (bucket, limit, windowMs, now): Promise<WindowHit> =>
      run(async () => {
        const member = randomBytes(9).toString('base64url')
        const [ok, count, reset] = (await script(
          lua.HIT_WINDOW,
          [k.window(bucket)],
          [limit, windowMs, time(now), member],
        )) as number[]
        return { ok: ok === 1, limit, remaining: Math.max(0, limit - (count ?? 0)), resetMs: reset ?? 0 }
      }),
    reserveMonthly: (keyId, month, limit): Promise<MonthlyHit> =>
      run(async () => {
        const expireAt = monthEnd(month) + USAGE_RETENTION_MS
        const [ok, used] = (await script(
          lua.RESERVE_MONTHLY,
          [k.usage(month)],
          [keyId, limit, expireAt],
        )) as number[]
        return { ok: ok === 1, used: used ?? 0 }
      }),
    releaseMonthly: (keyId, month) =>
      run(async () => void (await script(lua.RELEASE_MONTHLY, [k.usage(month)], [keyId]))),
    usage: (month, keyId): Promise<UsageRow[]> =>
      run(async () => {
        const all = await redis.hgetall(k.usage(month))
        return Object.entries(all)
          .filter(([id]) => keyId === undefined || id === keyId)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([id, used]) => ({ keyId: id, month, used: Number(used) }))
      }),

    sightDigest: (digest, sender, ttlMs, now) =>
      run(async () => {
        const first = (await script(lua.SIGHT_DIGEST, [k.digest(digest)], [ttlMs, time(now), sender])) as
          [string, string] | null
        return first ? { at: Number(first[0]), sender: first[1] } : null
      }),

    sightDigests: (sightings, ttlMs, now) =>
      run(async () => {
        if (sightings.length === 0) return []
        const answers = (await script(
          lua.SIGHT_DIGESTS,
          sightings.map((s) => k.digest(s.digest)),
          [ttlMs, time(now), ...sightings.map((s) => s.sender)],
        )) as ([string, string] | 0)[]
        return answers.map((first) => (first ? { at: Number(first[0]), sender: first[1] } : null))
      }),

    signingKeys: (): Promise<SigningKeyRecord[]> =>
      run(async () => {
        const all = await redis.hgetall(k.signingKeys)
        return Object.entries(all)
          .map(([kid, json]) => ({ kid, ...(JSON.parse(json) as Omit<SigningKeyRecord, 'kid'>) }))
          .sort((a, b) => a.createdAt - b.createdAt || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0))
      }),
    addSigningKey: (key) =>
      run(async () => {
        const value = JSON.stringify({ privateJwk: key.privateJwk, createdAt: key.createdAt })
        if ((await redis.hsetnx(k.signingKeys, key.kid, value)) === 0)
          throw new Error(`signing key ${key.kid} exists`)
      }),
    retireSigningKey: (kid) => run(async () => (await redis.hdel(k.signingKeys, kid)) === 1),
    secret: (name, create) => run(async () => String(await script(lua.SECRET, [k.secret(name)], [create()]))),

    ping: () => run(async () => void (await redis.ping())),
    close: async () => {
      if (closed) return
      closed = true
      await redis.quit().catch(() => redis.disconnect())
    },
  }
  return registerHandle(store, { kind: 'redis', redis, prefix, clock })
}
