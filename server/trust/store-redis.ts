/**
 * The trust slice on Redis: one HASH per key and user hash (`trust:<keyId>:<userHash>`). `announce` is one
 * Lua script that compares, writes and puts the events into the webhook outbox (the writes of
 * server/webhooks/outbox.ts's enqueueInMulti, here inside the script so that they happen exactly when the
 * change does).
 */
import type { RedisHandle } from '../store/redis-client.ts'
import { DELIVERY_RETENTION_MS, redisKeys } from '../webhooks/store/layout.ts'
import type { Announced, TrustRecord, TrustStore } from './store.ts'

/** KEYS[1] = record HASH; ARGV = field, time. Keeps the later time; answers the record (HGETALL). */
const LATEST = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored or tonumber(stored) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return redis.call('HGETALL', KEYS[1])
`

/**
 * KEYS: record HASH, the outbox's due ZSET, then per event its delivery HASH and its key's log ZSET.
 * ARGV: expected enrolledAt, revokedAt, score, next enrolledAt, revokedAt, score ('' for null), the
 * deliveries' retention, then per event its keyId, type, sealed body, createdAt and id.
 */
const ANNOUNCE = `
local fields = {'enrolledAt', 'revokedAt', 'score'}
for i = 1, 3 do
  if (redis.call('HGET', KEYS[1], fields[i]) or '') ~= ARGV[i] then return 0 end
end
for i = 1, 3 do
  local value = ARGV[i + 3]
  if value == '' then redis.call('HDEL', KEYS[1], fields[i]) else redis.call('HSET', KEYS[1], fields[i], value) end
end
local retention = ARGV[7]
local n = (#KEYS - 2) / 2
for e = 0, n - 1 do
  local delivery, log = KEYS[3 + e * 2], KEYS[4 + e * 2]
  local a = 8 + e * 5
  local createdAt = tonumber(ARGV[a + 3])
  redis.call('HSET', delivery, 'keyId', ARGV[a], 'type', ARGV[a + 1], 'body', ARGV[a + 2],
    'createdAt', ARGV[a + 3], 'status', 'pending', 'attempts', 0, 'nextAt', ARGV[a + 3])
  redis.call('PEXPIRE', delivery, retention)
  redis.call('ZADD', KEYS[2], createdAt, ARGV[a + 4])
  redis.call('ZADD', log, createdAt, ARGV[a + 4])
  redis.call('PEXPIRE', log, retention)
end
return 1
`

/** KEYS[1] = record HASH; ARGV = before. Deletes it when it holds only a human verdict older than `before`. */
const FORGET = `
local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then return 0 end
local f = {}
for i = 1, #h, 2 do f[h[i]] = h[i + 1] end
if f.enrolledAt or f.revokedAt or f.idvVerifiedAt then return 0 end
if f.score and tonumber(f.score) ~= 0 then return 0 end
if f.lastHumanAt and tonumber(f.lastHumanAt) >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1
`

const text = (value: number | null) => (value === null ? '' : String(value))
const num = (value: string | undefined) => (value === undefined || value === '' ? null : Number(value))
const toRecord = (h: Record<string, string>): TrustRecord | null =>
  Object.keys(h).length === 0
    ? null
    : {
        enrolledAt: num(h.enrolledAt),
        revokedAt: num(h.revokedAt),
        score: num(h.score),
        lastHumanAt: num(h.lastHumanAt),
        idvVerifiedAt: num(h.idvVerifiedAt),
      }

export function redisTrust({ redis, run, script, prefix }: RedisHandle): TrustStore {
  const recordKey = (keyId: string, userHash: string) => `${prefix}trust:${keyId}:${userHash}`
  const outbox = redisKeys(prefix)
  const values = (a: Announced) => [text(a.enrolledAt), text(a.revokedAt), text(a.score)]
  const latest = async (keyId: string, userHash: string, field: string, at: number) => {
    const flat = (await script(LATEST, [recordKey(keyId, userHash)], [field, at])) as string[]
    const h: Record<string, string> = {}
    for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!
    return toRecord(h)!
  }
  return {
    get: (keyId, userHash) => run(async () => toRecord(await redis.hgetall(recordKey(keyId, userHash)))),
    noteHuman: (keyId, userHash, at) => run(async () => latest(keyId, userHash, 'lastHumanAt', at)),
    noteIdentity: (keyId, userHash, at) => run(async () => latest(keyId, userHash, 'idvVerifiedAt', at)),
    sweep: (before) =>
      run(async () => {
        let cursor = '0'
        let gone = 0
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}trust:*`, 'COUNT', 500)
          cursor = next
          for (const key of keys) gone += Number(await script(FORGET, [key], [before]))
        } while (cursor !== '0')
        return gone
      }),
    announce: (keyId, userHash, expected, next, events) => {
      const keys = [recordKey(keyId, userHash), outbox.due]
      const args: (string | number)[] = [...values(expected), ...values(next), DELIVERY_RETENTION_MS]
      for (const event of events) {
        keys.push(outbox.delivery(event.id), outbox.log(event.keyId))
        args.push(event.keyId, event.type, event.sealedBody, event.createdAt, event.id)
      }
      return run(async () => (await script(ANNOUNCE, keys, args)) === 1)
    },
  }
}
