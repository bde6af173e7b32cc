/**
 * The identity checks on Redis, under `idv:`: a check is one JSON value, the purge queue a sorted set
 * by purge time, a page session a value taken once with GETDEL and expiring on its own.
 */
import { Redis } from 'ioredis'
import type { IdvTheme } from '../../shared/contracts/idv.ts'
import { purged, type IdvCheckRecord, type IdvSessionRecord, type IdvStore } from './store.ts'

const CHECK = (id: string) => `idv:check:${id}`
const DUE = 'idv:due'
const SESSION = (hash: string) => `idv:session:${hash}`
const THEME = (keyId: string) => `idv:theme:${keyId}`

export function openRedisIdvStore(url: string, { prefix = '' }: { prefix?: string } = {}): IdvStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, keyPrefix: prefix })
  const read = (text: string | null) => (text === null ? null : (JSON.parse(text) as IdvCheckRecord))

  return {
    kind: 'redis',
    async putCheck(check) {
      const write = redis.multi().set(CHECK(check.id), JSON.stringify(check))
      if (check.purgedAt === null) write.zadd(DUE, check.purgeAt, check.id)
      else write.zrem(DUE, check.id)
      await write.exec()
    },
    async getCheck(id) {
      return read(await redis.get(CHECK(id)))
    },
    async duePurge(now, limit) {
      const ids = await redis.zrangebyscore(DUE, '-inf', now, 'LIMIT', 0, limit)
      if (ids.length === 0) return []
      const values = await redis.mget(ids.map(CHECK))
      return values.map(read).filter((c): c is IdvCheckRecord => c !== null && c.purgedAt === null)
    },
    async markPurged(id, now) {
      const check = read(await redis.get(CHECK(id)))
      if (!check) {
        await redis.zrem(DUE, id)
        return
      }
      await redis
        .multi()
        .set(CHECK(id), JSON.stringify(purged(check, now)))
        .zrem(DUE, id)
        .exec()
    },
    async putSession(tokenHash, session, now) {
      const ttl = Math.max(1, session.expiresAt - now)
      await redis.set(SESSION(tokenHash), JSON.stringify(session), 'PX', ttl)
    },
    async peekSession(tokenHash, now) {
      const text = await redis.get(SESSION(tokenHash))
      if (text === null) return null
      const session = JSON.parse(text) as IdvSessionRecord
      return session.expiresAt > now ? session : null
    },
    async takeSession(tokenHash, now) {
      const text = await redis.getdel(SESSION(tokenHash))
      if (text === null) return null
      const session = JSON.parse(text) as IdvSessionRecord
      return session.expiresAt > now ? session : null
    },
    async setTheme(keyId, theme) {
      await redis.set(THEME(keyId), JSON.stringify(theme))
    },
    async getTheme(keyId) {
      const text = await redis.get(THEME(keyId))
      return text === null ? null : (JSON.parse(text) as IdvTheme)
    },
    async close() {
      redis.disconnect()
    },
  }
}
