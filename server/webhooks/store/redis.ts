/**
 * The webhook slice on Redis, under the store's own client and prefix (layout.ts): a hash per delivery, a
 * sorted set of due deliveries claimed by a Lua script with a lease, a sorted set per key for the log, a
 * hash per destination. Deliveries expire after the retention (layout.ts).
 */
import { randomBytes } from 'node:crypto'
import type { RedisHandle } from '../../store/redis-client.ts'
import { WEBHOOK_TYPES, type WebhookType } from '../events.ts'
import { enqueueInMulti } from '../outbox.ts'
import { DELIVERY_RETENTION_MS, redisKeys } from './layout.ts'
import * as lua from './redis-scripts.ts'
import { DELIVERY_STATUSES, type Delivery, type Destination, type WebhookStore } from './types.ts'

const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v))
const asType = (v: string | undefined): WebhookType => WEBHOOK_TYPES.find((t) => t === v) ?? WEBHOOK_TYPES[0]

const toDestination = (keyId: string, type: WebhookType, h: Record<string, string>): Destination => ({
  keyId,
  type,
  url: h.url ?? '',
  secret: h.secret ?? '',
  createdAt: Number(h.createdAt),
  updatedAt: Number(h.updatedAt),
  failures: Number(h.failures ?? 0),
  failingSince: num(h.failingSince),
  disabledAt: num(h.disabledAt),
})

const toDelivery = (id: string, h: Record<string, string>): Delivery => ({
  id,
  keyId: h.keyId ?? '',
  type: asType(h.type),
  sealedBody: h.body ?? '',
  createdAt: Number(h.createdAt),
  status: DELIVERY_STATUSES.find((s) => s === h.status) ?? 'pending',
  attempts: Number(h.attempts ?? 0),
  nextAt: num(h.nextAt),
  lastError: h.lastError ?? null,
  lastStatus: num(h.lastStatus),
  lastAt: num(h.lastAt),
})

export function openRedisWebhookStore(handle: RedisHandle): WebhookStore {
  const { redis, prefix, run, script } = handle
  const k = redisKeys(prefix)
  const destination = async (keyId: string, type: WebhookType) => {
    const h = await redis.hgetall(k.destination(keyId, type))
    return h.url === undefined ? null : toDestination(keyId, type, h)
  }
  const readDeliveries = async (ids: string[]): Promise<(Delivery | null)[]> => {
    if (ids.length === 0) return []
    const pipe = redis.pipeline()
    for (const id of ids) pipe.hgetall(k.delivery(id))
    const rows = (await pipe.exec()) ?? []
    return rows.map(([error, h], i) => {
      const fields = h as Record<string, string> | null
      if (error) throw error
      return fields && fields.keyId !== undefined ? toDelivery(ids[i]!, fields) : null
    })
  }

  return {
    insert: (event) =>
      run(async () => {
        const multi = redis.multi()
        enqueueInMulti(multi, prefix, event)
        const results = await multi.exec()
        const failed = results?.find(([error]) => error)
        if (!results || failed) throw failed?.[0] ?? new Error('transaction discarded')
      }),
    putDestination: ({ keyId, type, url, secret, now }) =>
      run(async () => {
        const created = await script(
          lua.PUT_DESTINATION,
          [k.destination(keyId, type), k.destinations(keyId)],
          [type, url, secret, now],
        )
        return { destination: (await destination(keyId, type))!, created: created === 1 }
      }),
    destination: (keyId, type) => run(() => destination(keyId, type)),
    destinations: (keyId) =>
      run(async () => {
        const types = (await redis.smembers(k.destinations(keyId))).map(asType).sort()
        const found = await Promise.all(types.map((type) => destination(keyId, type)))
        return found.filter((d): d is Destination => d !== null)
      }),
    deleteDestination: (keyId, type) =>
      run(async () => {
        const results = await redis
          .multi()
          .del(k.destination(keyId, type))
          .srem(k.destinations(keyId), type)
          .exec()
        return results?.[0]?.[1] === 1
      }),
    rotateSecret: (keyId, type, secret, now) =>
      run(async () =>
        (await script(lua.ROTATE, [k.destination(keyId, type)], [secret, now])) === 1
          ? destination(keyId, type)
          : null,
      ),
    recordResult: (keyId, type, ok, now, disableAfter) =>
      run(async () => {
        await script(
          lua.RECORD_RESULT,
          [k.destination(keyId, type)],
          [ok ? 1 : 0, now, disableAfter.failures, disableAfter.ms],
        )
        return destination(keyId, type)
      }),
    claim: (now, leaseMs, limit) =>
      run(async () => {
        const tokens = Array.from({ length: limit }, () => randomBytes(12).toString('base64url'))
        const out = (await script(
          lua.CLAIM,
          [k.due],
          [now, leaseMs, limit, k.delivery(''), ...tokens],
        )) as string[]
        const ids = out.filter((_, i) => i % 2 === 0)
        const rows = await readDeliveries(ids)
        return rows.flatMap((delivery, i) => (delivery ? [{ delivery, lease: out[2 * i + 1]! }] : []))
      }),
    finish: (id, lease, o) =>
      run(
        async () =>
          (await script(
            lua.FINISH,
            [k.delivery(id), k.due],
            [
              id,
              lease,
              o.status,
              o.nextAt ?? '',
              o.attempted ? 1 : 0,
              o.error ?? '',
              o.httpStatus ?? '',
              o.at,
            ],
          )) === 1,
      ),
    deliveries: (keyId, limit) =>
      run(async () => {
        await redis.zremrangebyscore(k.log(keyId), '-inf', Date.now() - DELIVERY_RETENTION_MS)
        const ids = await redis.zrevrange(k.log(keyId), 0, limit - 1)
        return (await readDeliveries(ids)).filter((d): d is Delivery => d !== null)
      }),
    delivery: (keyId, id) =>
      run(async () => {
        const [found] = await readDeliveries([id])
        return found && found.keyId === keyId ? found : null
      }),
    redeliver: (keyId, id, now) =>
      run(
        async () =>
          (await script(lua.REDELIVER, [k.delivery(id), k.due], [id, now, keyId])) as
            'queued' | 'in_flight' | 'missing',
      ),
    // every delivery hash expires by itself after the retention; the due set drops what expired when it
    // claims, and a key's log when it is read
    sweep: async () => 0,
  }
}
