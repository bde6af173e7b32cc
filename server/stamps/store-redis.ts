/**
 * The stamps slice on Redis. Keys under the prefix: `stamp:s:<id>` (a HASH per stamp),
 * `stamp:usage:<month>` (a HASH keyId -> stamps, kept like verify's usage), `stamp:log` (a LIST of the
 * entries' JSON) and `stamp:head` (a HASH: size, hash, at). Redis's Lua has no SHA-256, so the entry is
 * linked here and the script appends it only if the head is still the one it was linked to: a moved
 * head answers "again" and the caller relinks on the new head. One chain, never a fork, on any number
 * of instances; the count, the stamp, its entry and its webhook are written by the one script or not at all.
 */
import { STAMP_TYPES, type StampLogEntry } from '../../shared/contracts/stamps.ts'
import { USAGE_RETENTION_MS } from '../limits/usage-store.ts'
import type { RedisHandle } from '../store/redis-client.ts'
import { DELIVERY_RETENTION_MS, redisKeys } from '../webhooks/store/layout.ts'
import { EMPTY_HEAD, linkEntry, type ChainHead, type EntryFields } from './chain.ts'
import type { CreateResult, RevokeResult, StampRecord, StampStore } from './store.ts'

/** the head's fields are checked against ARGV[1] (the size the entry was linked on) */
const HEAD_MOVED = `
local function moved(head, size)
  return tonumber(redis.call('HGET', head, 'size') or '0') ~= tonumber(size)
end
`

/**
 * KEYS: head, log, usage, stamp, [delivery, due, webhook log]. ARGV: size, entry JSON, hash, at, keyId,
 * limit, usageExpireAt, stamp fields (contentHash, type, creator, trustScore, createdAt), [event id,
 * type, body, createdAt, deliveryRetentionMs]. Returns {1, used}, {0, used} (month used up) or {-1} (head moved).
 */
const CREATE = `${HEAD_MOVED}
local used = tonumber(redis.call('HGET', KEYS[3], ARGV[5]) or '0')
if used >= tonumber(ARGV[6]) then return {0, used} end
if moved(KEYS[1], ARGV[1]) then return {-1} end
used = redis.call('HINCRBY', KEYS[3], ARGV[5], 1)
redis.call('PEXPIREAT', KEYS[3], ARGV[7])
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'size', tonumber(ARGV[1]) + 1, 'hash', ARGV[3], 'at', ARGV[4])
redis.call('HSET', KEYS[4], 'keyId', ARGV[5], 'contentHash', ARGV[8], 'type', ARGV[9], 'creator', ARGV[10],
  'trustScore', ARGV[11], 'createdAt', ARGV[12])
if KEYS[5] then
  redis.call('HSET', KEYS[5], 'keyId', ARGV[5], 'type', ARGV[14], 'body', ARGV[15], 'createdAt', ARGV[16],
    'status', 'pending', 'attempts', 0, 'nextAt', ARGV[16])
  redis.call('PEXPIRE', KEYS[5], ARGV[17])
  redis.call('ZADD', KEYS[6], ARGV[16], ARGV[13])
  redis.call('ZADD', KEYS[7], ARGV[16], ARGV[13])
  redis.call('PEXPIRE', KEYS[7], ARGV[17])
end
return {1, used}
`

/** KEYS: head, log, stamp. ARGV: size, entry JSON, hash, at, keyId. Returns {1}, {0} (not theirs), {2, revokedAt} or {-1}. */
const REVOKE = `${HEAD_MOVED}
local owner = redis.call('HGET', KEYS[3], 'keyId')
if owner ~= ARGV[5] then return {0} end
local revoked = redis.call('HGET', KEYS[3], 'revokedAt')
if revoked then return {2, tonumber(revoked)} end
if moved(KEYS[1], ARGV[1]) then return {-1} end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'size', tonumber(ARGV[1]) + 1, 'hash', ARGV[3], 'at', ARGV[4])
redis.call('HSET', KEYS[3], 'revokedAt', ARGV[4])
return {1}
`

/** attempts to append before giving up (each lost to another writer's append, which did land) */
const MAX_APPEND_TRIES = 1_000

function monthEnd(month: string): number {
  const [year, m] = month.split('-').map(Number)
  return Date.UTC(year ?? 1970, m ?? 1, 1)
}

export function redisStamps({ redis, prefix, run, script }: RedisHandle): StampStore {
  const k = {
    stamp: (id: string) => `${prefix}stamp:s:${id}`,
    usage: (month: string) => `${prefix}stamp:usage:${month}`,
    log: `${prefix}stamp:log`,
    head: `${prefix}stamp:head`,
  }
  const wh = redisKeys(prefix)
  const readHead = async (): Promise<ChainHead> => {
    const [size, hash, at] = await redis.hmget(k.head, 'size', 'hash', 'at')
    return size && hash ? { size: Number(size), hash, at: at ? Number(at) : null } : EMPTY_HEAD
  }
  // this instance's appends go one at a time, so they never race each other for the head: only other
  // instances' appends make an attempt start over
  let queue: Promise<unknown> = Promise.resolve()
  const appendLoop = <T>(
    fields: Omit<EntryFields, 'seq'>,
    attempt: (entry: StampLogEntry) => Promise<T | 'again'>,
  ): Promise<T> => {
    const turn = queue.then(() => appendOnHead(fields, attempt))
    queue = turn.catch(() => {})
    return turn
  }
  /** links `fields` on the current head and runs `attempt` until the head has not moved under it */
  const appendOnHead = async <T>(
    fields: Omit<EntryFields, 'seq'>,
    attempt: (entry: StampLogEntry) => Promise<T | 'again'>,
  ): Promise<T> => {
    for (let tries = 0; ; tries++) {
      // a head that moves under every attempt for this long is a store in trouble: answer 503
      if (tries === MAX_APPEND_TRIES) throw new Error('the stamp log head kept moving')
      const entry = linkEntry(await readHead(), fields)
      const result = await attempt(entry)
      if (result !== 'again') return result
      // many writers at once: step aside for a moment, longer the more often the head moved
      if (tries > 3) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, tries * 2)))
    }
  }
  const entryArgs = (e: StampLogEntry, size: number) => [size, JSON.stringify(e), e.hash, e.at]

  return {
    create: ({ stamp, month, limit, event }) =>
      run(() =>
        appendLoop<CreateResult>(
          {
            kind: 'stamp',
            stamp_id: stamp.id,
            content_hash: stamp.contentHash,
            creator: stamp.creator,
            at: stamp.createdAt,
          },
          async (entry) => {
            const keys = [k.head, k.log, k.usage(month), k.stamp(stamp.id)]
            const args: (string | number)[] = [
              ...entryArgs(entry, entry.seq - 1),
              stamp.keyId,
              limit,
              monthEnd(month) + USAGE_RETENTION_MS,
              stamp.contentHash,
              stamp.type,
              stamp.creator,
              stamp.trustScore,
              stamp.createdAt,
            ]
            if (event) {
              keys.push(wh.delivery(event.id), wh.due, wh.log(event.keyId))
              args.push(event.id, event.type, event.sealedBody, event.createdAt, DELIVERY_RETENTION_MS)
            }
            const [code, used] = (await script(CREATE, keys, args)) as number[]
            if (code === -1) return 'again'
            return code === 1 ? { ok: true, used: used ?? 0, entry } : { ok: false, used: used ?? 0 }
          },
        ),
      ),
    revoke: (keyId, stampId, at) =>
      run(async () => {
        const found = await redis.hmget(k.stamp(stampId), 'keyId', 'contentHash', 'creator')
        const [owner, contentHash, creator] = found
        if (owner !== keyId || !contentHash || !creator) return { ok: false }
        return appendLoop<RevokeResult>(
          { kind: 'revoke', stamp_id: stampId, content_hash: contentHash, creator, at },
          async (entry) => {
            const answer = (await script(
              REVOKE,
              [k.head, k.log, k.stamp(stampId)],
              [...entryArgs(entry, entry.seq - 1), keyId],
            )) as number[]
            const [code, revokedAt] = answer
            if (code === -1) return 'again'
            if (code === 0) return { ok: false }
            if (code === 2) return { ok: true, revokedAt: revokedAt ?? at, entry: null }
            return { ok: true, revokedAt: entry.at, entry }
          },
        )
      }),
    find: (stampId) =>
      run(async () => {
        const h = await redis.hgetall(k.stamp(stampId))
        if (!h.keyId || !h.contentHash || !h.creator) return null
        const type = STAMP_TYPES.find((t) => t === h.type)
        if (!type) return null
        return {
          id: stampId,
          keyId: h.keyId,
          contentHash: h.contentHash,
          type,
          creator: h.creator,
          trustScore: Number(h.trustScore),
          createdAt: Number(h.createdAt),
          revokedAt: h.revokedAt ? Number(h.revokedAt) : null,
        } satisfies StampRecord
      }),
    used: (keyId, month) => run(async () => Number((await redis.hget(k.usage(month), keyId)) ?? 0)),
    head: () => run(readHead),
    entries: (from, limit) =>
      run(async () =>
        (await redis.lrange(k.log, from - 1, from - 2 + limit)).map(
          (raw) => JSON.parse(raw) as StampLogEntry,
        ),
      ),
  }
}
