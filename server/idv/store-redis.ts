/**
 * The identity checks on Redis, under `idv:`: a check is one JSON value, the purge queue a sorted set
 * by purge time, a page session a value taken once with GETDEL and expiring on its own.
 */
import type { IdvTheme } from '../../shared/contracts/idv.ts'
import type { RedisHandle } from '../store/redis-client.ts'
import { purged, type IdvCheckRecord, type IdvSessionRecord, type IdvStore } from './store.ts'

export function redisIdv({ redis, prefix, run }: RedisHandle): IdvStore {
  const k = {
    check: (id: string) => `${prefix}idv:check:${id}`,
    due: `${prefix}idv:due`,
    session: (hash: string) => `${prefix}idv:session:${hash}`,
    theme: (keyId: string) => `${prefix}idv:theme:${keyId}`,
  }
  const read = (text: string | null) => (text === null ? null : (JSON.parse(text) as IdvCheckRecord))
  const session = (text: string | null, now: number) => {
    if (text === null) return null
    const record = JSON.parse(text) as IdvSessionRecord
    return record.expiresAt > now ? record : null
  }

  return {
    putCheck: (check) =>
      run(async () => {
        const multi = redis.multi().set(k.check(check.id), JSON.stringify(check))
        if (check.purgedAt === null) multi.zadd(k.due, check.purgeAt, check.id)
        else multi.zrem(k.due, check.id)
        await multi.exec()
      }),
    getCheck: (id) => run(async () => read(await redis.get(k.check(id)))),
    duePurge: (now, limit) =>
      run(async () => {
        const ids = await redis.zrangebyscore(k.due, '-inf', now, 'LIMIT', 0, limit)
        if (ids.length === 0) return []
        const values = await redis.mget(ids.map(k.check))
        return values.map(read).filter((c): c is IdvCheckRecord => c !== null && c.purgedAt === null)
      }),
    markPurged: (id, now) =>
      run(async () => {
        const check = read(await redis.get(k.check(id)))
        const multi = redis.multi().zrem(k.due, id)
        if (check) multi.set(k.check(id), JSON.stringify(purged(check, now)))
        await multi.exec()
      }),
    putSession: (tokenHash, record, now) =>
      run(async () => {
        const ttl = Math.max(1, record.expiresAt - now)
        await redis.set(k.session(tokenHash), JSON.stringify(record), 'PX', ttl)
      }),
    peekSession: (tokenHash, now) => run(async () => session(await redis.get(k.session(tokenHash)), now)),
    takeSession: (tokenHash, now) => run(async () => session(await redis.getdel(k.session(tokenHash)), now)),
    setTheme: (keyId, theme) =>
      run(async () => void (await redis.set(k.theme(keyId), JSON.stringify(theme)))),
    getTheme: (keyId) =>
      run(async () => {
        const text = await redis.get(k.theme(keyId))
        return text === null ? null : (JSON.parse(text) as IdvTheme)
      }),
  }
}
