/**
 * The webhook slice's Lua scripts: each step that reads and then writes is one script, so instances
 * sharing a Redis never both claim one delivery, and a claim whose lease ran out cannot finish over the
 * claim that took it again. Times are the caller's epoch ms.
 */

/**
 * KEYS[1] = due set; ARGV = now, leaseMs, limit, delivery key prefix, then one fresh lease token per slot.
 * Leases up to `limit` due deliveries (their score moves to now + leaseMs). Returns {id, token, ...}.
 */
export const CLAIM = `
local now, lease, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit)
local out = {}
for i, id in ipairs(ids) do
  local key = ARGV[4] .. id
  if redis.call('EXISTS', key) == 0 then
    redis.call('ZREM', KEYS[1], id)
  else
    local untilAt = string.format('%.0f', now + lease)
    redis.call('ZADD', KEYS[1], untilAt, id)
    redis.call('HSET', key, 'lease', ARGV[4 + i], 'nextAt', untilAt)
    out[#out + 1] = id
    out[#out + 1] = ARGV[4 + i]
  end
end
return out
`

/**
 * KEYS[1] = delivery, KEYS[2] = due set; ARGV = id, lease, status, nextAt ('' = settled), attempted
 * (1|0), error ('' = none), httpStatus ('' = none), at. Returns 1, or 0 when the lease is not ours.
 */
export const FINISH = `
if redis.call('HGET', KEYS[1], 'lease') ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], 'lease')
redis.call('HSET', KEYS[1], 'status', ARGV[3])
if ARGV[4] == '' then
  redis.call('HDEL', KEYS[1], 'nextAt')
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[1], 'nextAt', ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
end
if ARGV[5] == '1' then
  redis.call('HINCRBY', KEYS[1], 'attempts', 1)
  redis.call('HSET', KEYS[1], 'lastAt', ARGV[8])
  if ARGV[7] == '' then redis.call('HDEL', KEYS[1], 'lastStatus') else redis.call('HSET', KEYS[1], 'lastStatus', ARGV[7]) end
  if ARGV[6] == '' then redis.call('HDEL', KEYS[1], 'lastError') end
end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'lastError', ARGV[6]) end
return 1
`

/**
 * KEYS[1] = delivery, KEYS[2] = due set; ARGV = id, now, keyId.
 * Returns 'queued', 'in_flight' (a lease still runs) or 'missing' (not this key's).
 */
export const REDELIVER = `
if redis.call('HGET', KEYS[1], 'keyId') ~= ARGV[3] then return 'missing' end
local now = tonumber(ARGV[2])
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'nextAt') or '')
if redis.call('HEXISTS', KEYS[1], 'lease') == 1 and nextAt and nextAt > now then return 'in_flight' end
redis.call('HDEL', KEYS[1], 'lease')
redis.call('HSET', KEYS[1], 'status', 'pending', 'nextAt', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 'queued'
`

/**
 * KEYS[1] = destination, KEYS[2] = the key's set of types; ARGV = type, url, secret, now.
 * Creates (with the secret) or edits (url; enabled again, its run of failures forgotten). Returns 1 if created.
 */
export const PUT_DESTINATION = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'url', ARGV[2], 'secret', ARGV[3], 'createdAt', ARGV[4], 'updatedAt', ARGV[4], 'failures', 0)
  redis.call('SADD', KEYS[2], ARGV[1])
  return 1
end
redis.call('HSET', KEYS[1], 'url', ARGV[2], 'updatedAt', ARGV[4], 'failures', 0)
redis.call('HDEL', KEYS[1], 'failingSince', 'disabledAt')
return 0
`

/** KEYS[1] = destination; ARGV = secret, now. Returns 1, or 0 when there is no destination. */
export const ROTATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'secret', ARGV[1], 'updatedAt', ARGV[2])
return 1
`

/**
 * KEYS[1] = destination; ARGV = ok (1|0), now, failures, ms. A success clears the run of failures; a
 * failure lengthens it and disables the destination once it is `failures` long and `ms` old.
 */
export const RECORD_RESULT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == '1' then
  redis.call('HSET', KEYS[1], 'failures', 0)
  redis.call('HDEL', KEYS[1], 'failingSince')
  return 1
end
local now = tonumber(ARGV[2])
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local since = tonumber(redis.call('HGET', KEYS[1], 'failingSince') or '')
if not since then
  since = now
  redis.call('HSET', KEYS[1], 'failingSince', ARGV[2])
end
if failures >= tonumber(ARGV[3]) and now - since >= tonumber(ARGV[4]) and redis.call('HEXISTS', KEYS[1], 'disabledAt') == 0 then
  redis.call('HSET', KEYS[1], 'disabledAt', ARGV[2])
end
return 1
`
