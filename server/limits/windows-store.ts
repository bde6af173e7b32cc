/**
 * The windows slice: sliding-window logs (the per-key burst window, the per-user flood window).
 * Embedded: process memory (windows.ts), one server process per data dir. Redis: a ZSET of admission
 * times per bucket (`win:<bucket>`), each check-and-count one Lua script. test/contracts/windows.ts runs
 * against both.
 */
import { randomBytes } from 'node:crypto'
import { CLOCK, type RedisHandle } from '../store/redis-client.ts'
import { defineSlice } from '../store/slice.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'
import { SlidingWindows } from './windows.ts'

/** The outcome of one atomic check-and-count against a sliding window. */
export interface WindowHit {
  ok: boolean
  limit: number
  /** admissions left in the window after this one */
  remaining: number
  /** ms until the oldest admission in the window expires (a slot frees); 0 when the window is empty */
  resetMs: number
}

export interface WindowStore {
  /**
   * Sliding-window log: admits and records one hit when fewer than `limit` hits were admitted in
   * the last `windowMs`; otherwise records nothing. Atomic: concurrent callers never over-admit.
   */
  hitWindow(bucket: string, limit: number, windowMs: number, now: number): Promise<WindowHit>
  /**
   * The window as it stands (the dashboard's burst headroom): what a hit now would find, without
   * recording one. `ok` says whether a hit now would be admitted; `remaining` counts the free slots.
   */
  peekWindow(bucket: string, limit: number, windowMs: number, now: number): Promise<WindowHit>
}

function embeddedWindows({ guard, onClose }: EmbeddedDb): WindowStore {
  const windows = new SlidingWindows()
  onClose(() => windows.clear())
  return {
    hitWindow: (bucket, limit, windowMs, now) => guard(() => windows.hit(bucket, limit, windowMs, now)),
    peekWindow: (bucket, limit, windowMs, now) => guard(() => windows.peek(bucket, limit, windowMs, now)),
  }
}

/**
 * Sliding-window log. KEYS[1] = ZSET of admission times; ARGV = limit, windowMs, now, member.
 * The member is unique per call, so hits in the same millisecond are all counted.
 * Returns {admitted 0|1, admissions in window, ms until the oldest expires}.
 */
const HIT_WINDOW = `${CLOCK}
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = clock(tonumber(ARGV[3]))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - window))
local count = redis.call('ZCARD', KEYS[1])
local ok = 0
if count < limit then
  redis.call('ZADD', KEYS[1], string.format('%.0f', now), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  ok = 1
end
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then reset = math.max(0, tonumber(oldest[2]) + window - now) end
return {ok, count, reset}
`

/** The window as it stands, read only. KEYS[1] = the ZSET; ARGV = windowMs, now. Returns {count, reset}. */
const PEEK_WINDOW = `${CLOCK}
local window = tonumber(ARGV[1])
local now = clock(tonumber(ARGV[2]))
local from = string.format('(%.0f', now - window)
local count = redis.call('ZCOUNT', KEYS[1], from, '+inf')
local reset = 0
local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
if oldest[2] then reset = math.max(0, tonumber(oldest[2]) + window - now) end
return {count, reset}
`

function redisWindows({ prefix, run, script, time }: RedisHandle): WindowStore {
  return {
    hitWindow: (bucket, limit, windowMs, now) =>
      run(async () => {
        const member = randomBytes(9).toString('base64url')
        const [ok, count, reset] = (await script(
          HIT_WINDOW,
          [`${prefix}win:${bucket}`],
          [limit, windowMs, time(now), member],
        )) as number[]
        return { ok: ok === 1, limit, remaining: Math.max(0, limit - (count ?? 0)), resetMs: reset ?? 0 }
      }),
    peekWindow: (bucket, limit, windowMs, now) =>
      run(async () => {
        const [count = 0, reset = 0] = (await script(
          PEEK_WINDOW,
          [`${prefix}win:${bucket}`],
          [windowMs, time(now)],
        )) as number[]
        return { ok: count < limit, limit, remaining: Math.max(0, limit - count), resetMs: reset }
      }),
  }
}

export const windowsSlice = defineSlice<WindowStore>({
  name: 'windows',
  embedded: embeddedWindows,
  redis: redisWindows,
})
