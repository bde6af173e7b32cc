/**
 * The Redis store's connection, as every Redis slice sees it: `run` (every failure becomes
 * StoreUnavailableError), `script` (EVALSHA with one EVAL fallback), the key prefix and whose clock
 * times windows and digests.
 *
 * Failure is fast and closed: commands are never queued while Redis is away (`enableOfflineQueue:
 * false`), a command on a stalled connection gives up after `commandTimeoutMs`, and every failure
 * becomes StoreUnavailableError (503). The client reconnects with backoff forever, so an instance
 * serves again as soon as Redis is back.
 */
import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import { StoreUnavailableError } from './types.ts'

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

export interface RedisHandle {
  readonly redis: Redis
  /** prefix of every key: a slice names its keys `${prefix}<slice>:...` */
  readonly prefix: string
  /** runs `op` once the link is up; any failure becomes StoreUnavailableError */
  run<T>(op: () => Promise<T>): Promise<T>
  /** runs a Lua script by its SHA, sending its source once after a Redis restart emptied the cache */
  script(source: string, keys: string[], args: (string | number)[]): Promise<unknown>
  /** the `now` a script gets: -1 (Redis's own clock, see CLOCK) or the caller's */
  time(now: number): number
}

/**
 * The Lua prelude of scripts that take a time: `now < 0` means "use the Redis server clock" (the
 * default: instances with skewed clocks still share one window); a caller's `now` is used as is.
 */
export const CLOCK = `
local function clock(now)
  if now >= 0 then return now end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`

export interface OpenedRedis extends RedisHandle {
  ping(): Promise<void>
  close(): Promise<void>
}

export function connectRedis(url: string, options: RedisStoreOptions = {}): OpenedRedis {
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

  return {
    redis,
    prefix,
    run,
    script,
    time: (now) => (clock === 'redis' ? -1 : now),
    ping: () => run(async () => void (await redis.ping())),
    close: async () => {
      if (closed) return
      closed = true
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
