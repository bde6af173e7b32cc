/** The replay slice on Redis: a HASH per digest (expires, at, sender) under `digest:<digest>`. */
import { CLOCK, type RedisHandle } from '../store/redis-client.ts'
import { RENEW_SHARE } from './renew.ts'
import type { DigestStore } from './store.ts'

/**
 * KEYS[1] = the digest's HASH (expires, at, sender); ARGV = ttlMs, now, sender. Renews it for ttlMs
 * (unless it was renewed less than a RENEW_SHARE of ttlMs ago: a replayer's copies cost reads) and answers {at, sender} of its first sighting when it was there unexpired, else nil (this one is the first).
 */
const SIGHT_DIGEST = `${CLOCK}
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
-- renewed less than a 64th of the TTL ago: left as it is (a digest from before senders is written anew)
if not (kind == 'hash' and seen and tonumber(expires) >= now + ttl - ttl / ${RENEW_SHARE}) then
  redis.call('HSET', KEYS[1], 'expires', string.format('%.0f', now + ttl), 'at', at, 'sender', sender)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
if seen then return {at, sender} end
return false
`

/**
 * SIGHT_DIGEST for every key of KEYS; ARGV = ttlMs, now, then one sender per key. Answers one entry per
 * key: {at, sender} of its first sighting, or 0 when this one is the first.
 */
const SIGHT_DIGESTS = `${CLOCK}
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
  if not (kind == 'hash' and seen and tonumber(expires) >= now + ttl - ttl / ${RENEW_SHARE}) then
    redis.call('HSET', key, 'expires', string.format('%.0f', now + ttl), 'at', at, 'sender', sender)
    redis.call('PEXPIRE', key, ttl)
  end
  if seen then out[i] = {at, sender} else out[i] = 0 end
end
return out
`

export function redisDigests({ prefix, run, script, time }: RedisHandle): DigestStore {
  const key = (digest: string) => `${prefix}digest:${digest}`
  return {
    sightDigest: (digest, sender, ttlMs, now) =>
      run(async () => {
        const first = (await script(SIGHT_DIGEST, [key(digest)], [ttlMs, time(now), sender])) as
          [string, string] | null
        return first ? { at: Number(first[0]), sender: first[1] } : null
      }),
    sightDigests: (sightings, ttlMs, now) =>
      run(async () => {
        if (sightings.length === 0) return []
        const answers = (await script(
          SIGHT_DIGESTS,
          sightings.map((s) => key(s.digest)),
          [ttlMs, time(now), ...sightings.map((s) => s.sender)],
        )) as ([string, string] | 0)[]
        return answers.map((first) => (first ? { at: Number(first[0]), sender: first[1] } : null))
      }),
  }
}
