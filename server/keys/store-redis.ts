/**
 * The keys slice on Redis: a HASH per key (`key:<id>`), an index from hash to id (`key-hash:<hash>`)
 * and the ids by creation time (`keys`, a ZSET).
 */
import type { RedisHandle } from '../store/redis-client.ts'
import { readAllowedOrigins, readScopes } from './access.ts'
import type { ApiKeyRecord, KeyStore } from './store.ts'

/** KEYS = record HASH, hash index, key list ZSET; ARGV = id, createdAt, field, value, ... */
const CREATE_KEY = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('ERR huma: the key already exists')
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('SET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return 1
`

/** KEYS[1] = record HASH; ARGV = revokedAt. 1 when it was live and is now revoked. */
const REVOKE_KEY = `
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'revokedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'revokedAt', ARGV[1])
return 1
`

/** KEYS[1] = record HASH; ARGV = field, value. 1 when the key exists and the field is set. */
const SET_FIELD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`

/** KEYS[1] = record HASH; ARGV = plan, trialEndsAt ('' for none). */
const SET_PLAN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'plan', ARGV[1])
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'trialEndsAt')
else redis.call('HSET', KEYS[1], 'trialEndsAt', ARGV[2]) end
return 1
`

const toKey = (id: string, h: Record<string, string>): ApiKeyRecord => ({
  id,
  hash: h.hash ?? '',
  mode: h.mode === 'test' ? 'test' : 'live',
  plan: h.plan ?? '',
  name: h.name ?? null,
  createdAt: Number(h.createdAt),
  trialEndsAt: h.trialEndsAt === undefined ? null : Number(h.trialEndsAt),
  revokedAt: h.revokedAt === undefined ? null : Number(h.revokedAt),
  // keys written before scopes have neither field: the default scopes, any origin
  scopes: readScopes(h.scopes ?? null),
  allowedOrigins: readAllowedOrigins(h.allowedOrigins ?? ''),
})

export function redisKeys({ redis, prefix, run, script }: RedisHandle): KeyStore {
  const k = {
    key: (id: string) => `${prefix}key:${id}`,
    keyHash: (hash: string) => `${prefix}key-hash:${hash}`,
    keys: `${prefix}keys`,
  }
  const readKey = async (id: string | null): Promise<ApiKeyRecord | null> => {
    if (!id) return null
    const fields = await redis.hgetall(k.key(id))
    return fields.hash === undefined ? null : toKey(id, fields)
  }
  return {
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
          'scopes',
          key.scopes.join(','),
          'allowedOrigins',
          key.allowedOrigins.join(' '),
        ]
        if (key.name !== null) fields.push('name', key.name)
        if (key.trialEndsAt !== null) fields.push('trialEndsAt', key.trialEndsAt)
        if (key.revokedAt !== null) fields.push('revokedAt', key.revokedAt)
        await script(
          CREATE_KEY,
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
    revokeKey: (id, at) => run(async () => (await script(REVOKE_KEY, [k.key(id)], [at])) === 1),
    setPlan: (id, plan, trialEndsAt) =>
      run(async () => (await script(SET_PLAN, [k.key(id)], [plan, trialEndsAt ?? ''])) === 1),
    setScopes: (id, scopes) =>
      run(async () => (await script(SET_FIELD, [k.key(id)], ['scopes', scopes.join(',')])) === 1),
    setAllowedOrigins: (id, origins) =>
      run(async () => (await script(SET_FIELD, [k.key(id)], ['allowedOrigins', origins.join(' ')])) === 1),
  }
}
