/**
 * The identity checks on Redis, under `idv:`: a check is one JSON value, the purge queue a sorted set
 * by purge time, a page session a value taken once with GETDEL and expiring on its own.
 */
import type { IdvTheme } from '../../shared/contracts/idv.ts'
import type { RedisHandle } from '../store/redis-client.ts'
import {
  inReview,
  purged,
  type IdvCheckRecord,
  type IdvPage,
  type IdvSessionRecord,
  type IdvStore,
} from './store.ts'

/**
 * KEYS: the check, the review set, the purge queue. ARGV: the id, the decided check's JSON. Stores it
 * only while the check is in the review set and not yet purged (still in the purge queue).
 */
const DECIDE = `
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) or not redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], ARGV[2])
return 1
`

export function redisIdv({ redis, prefix, run }: RedisHandle): IdvStore {
  const k = {
    check: (id: string) => `${prefix}idv:check:${id}`,
    due: `${prefix}idv:due`,
    byKey: (keyId: string) => `${prefix}idv:bykey:${keyId}`,
    review: `${prefix}idv:review`,
    session: (hash: string) => `${prefix}idv:session:${hash}`,
    theme: (keyId: string) => `${prefix}idv:theme:${keyId}`,
  }
  const read = (text: string | null) => (text === null ? null : (JSON.parse(text) as IdvCheckRecord))
  const session = (text: string | null, now: number) => {
    if (text === null) return null
    const record = JSON.parse(text) as IdvSessionRecord
    return record.expiresAt > now ? record : null
  }

  /** the checks under these ids, newest first as the sorted set gives them */
  const page = async (set: string, { offset, limit }: IdvPage) => {
    const ids = await redis.zrevrange(set, offset, offset + limit - 1)
    if (ids.length === 0) return []
    return (await redis.mget(ids.map(k.check))).map(read).filter((c): c is IdvCheckRecord => c !== null)
  }

  return {
    putCheck: (check) =>
      run(async () => {
        const multi = redis
          .multi()
          .set(k.check(check.id), JSON.stringify(check))
          .zadd(k.byKey(check.keyId), check.createdAt, check.id)
        if (check.purgedAt === null) multi.zadd(k.due, check.purgeAt, check.id)
        else multi.zrem(k.due, check.id)
        if (inReview(check) && check.purgedAt === null) multi.zadd(k.review, check.createdAt, check.id)
        else multi.zrem(k.review, check.id)
        await multi.exec()
      }),
    listChecks: (keyId, p) => run(() => page(k.byKey(keyId), p)),
    reviewQueue: (p) => run(() => page(k.review, p)),
    decideReview: (decided) =>
      run(async () => {
        const stored = await redis.eval(
          DECIDE,
          3,
          k.check(decided.id),
          k.review,
          k.due,
          decided.id,
          JSON.stringify(decided),
        )
        return stored === 1
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
        const multi = redis.multi().zrem(k.due, id).zrem(k.review, id)
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
