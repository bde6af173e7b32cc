/**
 * The hosted slice on the store's Redis, under the same prefix: each user a hash, its reference and its
 * current code pointing at it, each register and each completion one Lua script (so two instances never
 * spend one code twice). Times are the caller's (the app's clock), as invite expiry is the app's rule.
 */
import type { Redis } from 'ioredis'
import type { DataRequestType } from '../../../shared/contracts/verifyyou.ts'
import { StoreUnavailableError } from '../../store/types.ts'
import { DELIVERY_RETENTION_MS, redisKeys } from '../../webhooks/store/layout.ts'
import {
  DEFAULT_KEY_SETTINGS,
  type CompletionOutcome,
  type HostedStore,
  type HostedUser,
  type KeySettings,
} from './types.ts'

/** A spent or expired code still finds its user this long (the page says "already used", not "unknown"). */
export const CODE_RETENTION_MS = 7 * 86_400_000

/**
 * KEYS: ref, user-prefix, code-prefix, the key's list of users. ARGV: the user's fields as name/value
 * pairs (userId first).
 */
const REGISTER = `
local id = redis.call('GET', KEYS[1])
local fields = {}
for i = 1, #ARGV - 2, 2 do fields[ARGV[i]] = ARGV[i + 1] end
if id then
  local old = redis.call('HGET', KEYS[2] .. id, 'codeHash')
  if old then redis.call('DEL', KEYS[3] .. old) end
  fields.userId = nil
  fields.createdAt = nil
  fields.keyId = nil
  fields.refHash = nil
  redis.call('HDEL', KEYS[2] .. id, 'regionId', 'redirectUrl', 'state', 'codeUsedAt', 'refSealed')
else
  id = fields.userId
  redis.call('SET', KEYS[1], id)
  redis.call('ZADD', KEYS[4], tonumber(fields.createdAt), id)
end
for name, value in pairs(fields) do redis.call('HSET', KEYS[2] .. id, name, value) end
redis.call('SET', KEYS[3] .. fields.codeHash, id, 'PX', tonumber(ARGV[#ARGV]))
return id
`

/**
 * KEYS: code, user-prefix, claim (or ''), and the webhook outbox's delivery, due set and log (or '').
 * ARGV: now, score, fulfillment, uniqueHumanId (or ''), then the event's keyId, type, sealed body,
 * createdAt, id and the deliveries' retention. The outbox writes are enqueueInMulti's
 * (server/webhooks/outbox.ts), here inside the script so that they happen exactly when the completion does.
 * Answers {'OK', user id}, or {error word}.
 */
const COMPLETE = `
local id = redis.call('GET', KEYS[1])
if not id then return {'DOES_NOT_EXIST'} end
local user = KEYS[2] .. id
if redis.call('HEXISTS', user, 'codeUsedAt') == 1 then return {'INVITE_ALREADY_USED'} end
if tonumber(redis.call('HGET', user, 'codeExpiresAt')) <= tonumber(ARGV[1]) then return {'INVITE_EXPIRED'} end
if KEYS[3] ~= '' then
  local holder = redis.call('GET', KEYS[3])
  if holder and holder ~= id then return {'ALREADY_VERIFIED_IN_REGION'} end
  redis.call('SET', KEYS[3], id)
end
redis.call('HSET', user, 'codeUsedAt', ARGV[1], 'score', ARGV[2], 'fulfillmentS', ARGV[3], 'completedAt', ARGV[1])
if ARGV[4] ~= '' then redis.call('HSET', user, 'uniqueHumanId', ARGV[4]) else redis.call('HDEL', user, 'uniqueHumanId') end
redis.call('HDEL', user, 'refSealed')
if KEYS[4] ~= '' then
  local createdAt = tonumber(ARGV[8])
  redis.call('HSET', KEYS[4], 'keyId', ARGV[5], 'type', ARGV[6], 'body', ARGV[7], 'createdAt', ARGV[8],
    'status', 'pending', 'attempts', 0, 'nextAt', ARGV[8])
  redis.call('PEXPIRE', KEYS[4], ARGV[10])
  redis.call('ZADD', KEYS[5], createdAt, ARGV[9])
  redis.call('ZADD', KEYS[6], createdAt, ARGV[9])
  redis.call('PEXPIRE', KEYS[6], ARGV[10])
end
return {'OK', id}
`

const num = (value: string | undefined): number | null => (value === undefined ? null : Number(value))

const toUser = (h: Record<string, string>): HostedUser => ({
  userId: h.userId ?? '',
  keyId: h.keyId ?? '',
  refHash: h.refHash ?? '',
  refSealed: h.refSealed ?? null,
  regionId: h.regionId ?? null,
  dataRequest: (h.dataRequest ?? 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID') as DataRequestType,
  redirectUrl: h.redirectUrl ?? null,
  state: h.state ?? null,
  createdAt: Number(h.createdAt),
  codeHash: h.codeHash ?? '',
  codeExpiresAt: Number(h.codeExpiresAt),
  codeUsedAt: num(h.codeUsedAt),
  result:
    h.completedAt === undefined
      ? null
      : {
          humannessScore: Number(h.score),
          fulfillmentTimeS: Number(h.fulfillmentS),
          uniqueHumanId: h.uniqueHumanId ?? null,
          completedAt: Number(h.completedAt),
        },
})

export function openRedisHostedStore(redis: Redis, prefix: string): HostedStore {
  const k = {
    user: `${prefix}hosted:user:`,
    ref: (keyId: string, refHash: string) => `${prefix}hosted:ref:${keyId}:${refHash}`,
    code: `${prefix}hosted:code:`,
    byKey: (keyId: string) => `${prefix}hosted:bykey:${keyId}`,
    settings: (keyId: string) => `${prefix}hosted:settings:${keyId}`,
    passkey: (hash: string) => `${prefix}hosted:passkey:${hash}`,
    claim: (scope: string, id: string) => `${prefix}hosted:claim:${scope}:${id}`,
  }
  /** A first command waits (briefly) for the client's first connection, as the shared store's do. */
  const ready = (): Promise<void> =>
    redis.status === 'ready'
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('redis not ready')), 2000)
          redis.once('ready', () => {
            clearTimeout(timer)
            resolve()
          })
        })
  const run = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      await ready()
      return await op()
    } catch (cause) {
      throw new StoreUnavailableError('redis store failed', { cause })
    }
  }
  const readUser = async (id: string | null): Promise<HostedUser | null> => {
    if (id === null) return null
    const h = await redis.hgetall(k.user + id)
    return h.userId === undefined ? null : toUser(h)
  }
  const readSettings = async (keyId: string): Promise<KeySettings> => {
    const json = await redis.get(k.settings(keyId))
    return { ...DEFAULT_KEY_SETTINGS, ...(json ? (JSON.parse(json) as Partial<KeySettings>) : {}) }
  }

  return {
    register: (user) =>
      run(async () => {
        const fields: string[] = []
        for (const [name, value] of Object.entries(user)) {
          if (value !== null && value !== undefined) fields.push(name, String(value))
        }
        const id = (await redis.eval(
          REGISTER,
          4,
          k.ref(user.keyId, user.refHash),
          k.user,
          k.code,
          k.byKey(user.keyId),
          ...fields,
          '',
          // a time to live, not a time: the app's clock and Redis's may differ
          String(Math.max(1, user.codeExpiresAt - user.createdAt) + CODE_RETENTION_MS),
        )) as string
        return (await readUser(id))!
      }),
    findByRef: (keyId, refHash) => run(async () => readUser(await redis.get(k.ref(keyId, refHash)))),
    findByCode: (codeHash) => run(async () => readUser(await redis.get(k.code + codeHash))),
    listUsers: (keyId, { offset, limit }) =>
      run(async () => {
        const ids = await redis.zrevrange(k.byKey(keyId), offset, offset + limit - 1)
        const users = await Promise.all(ids.map((id) => readUser(id)))
        return users.filter((u): u is HostedUser => u !== null)
      }),
    complete: ({ codeHash, result, now, claim, event }) =>
      run(async (): Promise<CompletionOutcome> => {
        const wh = redisKeys(prefix)
        const answer = (await redis.eval(
          COMPLETE,
          6,
          k.code + codeHash,
          k.user,
          claim ? k.claim(claim.scope, claim.uniqueHumanId) : '',
          event ? wh.delivery(event.id) : '',
          event ? wh.due : '',
          event ? wh.log(event.keyId) : '',
          now,
          result.humannessScore,
          result.fulfillmentTimeS,
          result.uniqueHumanId ?? '',
          ...(event
            ? [event.keyId, event.type, event.sealedBody, event.createdAt, event.id, DELIVERY_RETENTION_MS]
            : []),
        )) as [string, string?]
        if (answer[0] !== 'OK')
          return { ok: false, why: answer[0] as Exclude<CompletionOutcome, { ok: true }>['why'] }
        return { ok: true, user: (await readUser(answer[1] ?? null))! }
      }),
    keySettings: (keyId) => run(() => readSettings(keyId)),
    setKeySettings: (keyId, settings) =>
      run(async () => {
        const next = { ...(await readSettings(keyId)), ...settings }
        await redis.set(k.settings(keyId), JSON.stringify(next))
        return next
      }),
    passkey: (hash) =>
      run(async () => {
        const h = await redis.hgetall(k.passkey(hash))
        return h.publicKey === undefined ? null : { publicKey: h.publicKey, counter: Number(h.counter) }
      }),
    savePasskey: (hash, passkey) =>
      run(
        async () =>
          void (await redis.hset(
            k.passkey(hash),
            'publicKey',
            passkey.publicKey,
            'counter',
            passkey.counter,
          )),
      ),
  }
}
