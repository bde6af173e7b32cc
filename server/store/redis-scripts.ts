/**
 * The Redis store's server-side steps. Each runs as one Lua script, so a check and its count are one
 * atomic step however many instances share the Redis. `now < 0` means "use the Redis server clock"
 * (the default: instances with skewed clocks still share one window); a caller's `now` is used as is.
 */

const CLOCK = `
local function clock(now)
  if now >= 0 then return now end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`

/**
 * Sliding-window log. KEYS[1] = ZSET of admission times; ARGV = limit, windowMs, now, member.
 * The member is unique per call, so hits in the same millisecond are all counted.
 * Returns {admitted 0|1, admissions in window, ms until the oldest expires}.
 */
export const HIT_WINDOW = `${CLOCK}
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

/** KEYS[1] = HASH keyId -> used for one month; ARGV = keyId, limit, expireAtMs. Returns {ok, used}. */
export const RESERVE_MONTHLY = `
local used = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if used >= tonumber(ARGV[2]) then return {0, used} end
used = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return {1, used}
`

/** KEYS[1] = the month's HASH; ARGV = keyId. Never goes below zero. */
export const RELEASE_MONTHLY = `
local used = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if used > 0 then redis.call('HINCRBY', KEYS[1], ARGV[1], -1) end
return 0
`

/**
 * KEYS[1] = the digest's HASH (expires, at, sender); ARGV = ttlMs, now, sender. Renews it for ttlMs and
 * answers {at, sender} of its first sighting when it was there unexpired, else nil (this one is the first).
 */
export const SIGHT_DIGEST = `${CLOCK}
local ttl = tonumber(ARGV[1])
local now = clock(tonumber(ARGV[2]))
local expires, at, sender
local kind = redis.call('TYPE', KEYS[1]).ok
if kind == 'hash' then
  local old = redis.call('HMGET', KEYS[1], 'expires', 'at', 'sender')
  expires, at, sender = old[1], old[2], old[3]
elseif kind == 'string' then
  -- a digest written before first senders were kept: seen, by nobody this sighting can be
  expires, at, sender = redis.call('GET', KEYS[1]), '0', ''
  redis.call('DEL', KEYS[1])
end
local seen = expires and tonumber(expires) > now
if not seen then at, sender = string.format('%.0f', now), ARGV[3] end
redis.call('HSET', KEYS[1], 'expires', string.format('%.0f', now + ttl), 'at', at, 'sender', sender)
redis.call('PEXPIRE', KEYS[1], ttl)
if seen then return {at, sender} end
return false
`

/**
 * SIGHT_DIGEST for every key of KEYS; ARGV = ttlMs, now, then one sender per key. Answers one entry per
 * key: {at, sender} of its first sighting, or 0 when this one is the first.
 */
export const SIGHT_DIGESTS = `${CLOCK}
local ttl = tonumber(ARGV[1])
local now = clock(tonumber(ARGV[2]))
local out = {}
for i, key in ipairs(KEYS) do
  local expires, at, sender
  local kind = redis.call('TYPE', key).ok
  if kind == 'hash' then
    local old = redis.call('HMGET', key, 'expires', 'at', 'sender')
    expires, at, sender = old[1], old[2], old[3]
  elseif kind == 'string' then
    expires, at, sender = redis.call('GET', key), '0', ''
    redis.call('DEL', key)
  end
  local seen = expires and tonumber(expires) > now
  if not seen then at, sender = string.format('%.0f', now), ARGV[i + 2] end
  redis.call('HSET', key, 'expires', string.format('%.0f', now + ttl), 'at', at, 'sender', sender)
  redis.call('PEXPIRE', key, ttl)
  if seen then out[i] = {at, sender} else out[i] = 0 end
end
return out
`

/** KEYS = record HASH, hash index, key list ZSET; ARGV = id, createdAt, field, value, ... */
export const CREATE_KEY = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('ERR huma: the key already exists')
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('SET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return 1
`

/** KEYS[1] = record HASH; ARGV = revokedAt. 1 when it was live and is now revoked. */
export const REVOKE_KEY = `
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'revokedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'revokedAt', ARGV[1])
return 1
`

/** KEYS[1] = record HASH; ARGV = plan, trialEndsAt ('' for none). */
export const SET_PLAN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'plan', ARGV[1])
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'trialEndsAt')
else redis.call('HSET', KEYS[1], 'trialEndsAt', ARGV[2]) end
return 1
`

/** KEYS[1] = the secret; ARGV = a fresh value, kept only if none exists. Returns the shared value. */
export const SECRET = `
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])
`
