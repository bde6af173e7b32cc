/**
 * The outbox: an event is written in the same transaction as the state change that causes it, and the
 * worker (worker.ts) delivers it from there, so a crash can lose neither the change nor its webhook.
 * Systems never post anything themselves.
 *
 *   const event = await outbox.prepare('USER_VERIFICATION_COMPLETED', keyId, data)  // outside the transaction
 *   // embedded slice: inside the caller's transaction (its group-committed db.write, or db.db.transaction)
 *   await db.write(() => { markCompleted(db.db, session); enqueueInSqlite(db.db, event) })
 *   // Redis slice: appended to the caller's MULTI
 *   const multi = r.redis.multi().hset(sessionKey, 'done', '1')
 *   enqueueInMulti(multi, r.prefix, event)
 *   await multi.exec()
 *   // no transaction of one's own
 *   await outbox.enqueue('USER_VERIFICATION_COMPLETED', keyId, data)
 *
 * See /work/brief/webhooks-seam.md and docs/webhooks.md.
 */
import type { ChainableCommander } from 'ioredis'
import { webhookEvent, type WebhookData, type WebhookType } from './events.ts'
import type { Sealer } from './seal.ts'
import { DELIVERY_RETENTION_MS, ensureSqliteSchema, redisKeys } from './store/layout.ts'
import type { Database, Statement } from 'better-sqlite3'

/** An event ready for the outbox: its body already sealed (it names the customer's user). */
export interface PreparedEvent {
  /** the `webhook-id` every attempt carries (`msg_...`) */
  id: string
  keyId: string
  type: WebhookType
  /** the JSON body, sealed (seal.ts) */
  sealedBody: string
  createdAt: number
}

/** Writes `event` into the embedded store's outbox. Synchronous: call it inside the caller's transaction. */
export function enqueueInSqlite(db: Database, event: PreparedEvent): void {
  ensureSqliteSchema(db)
  let insert = inserts.get(db)
  if (!insert)
    inserts.set(
      db,
      (insert = db.prepare(
        `INSERT INTO webhook_deliveries (id, key_id, type, body, created_at, status, attempts, next_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)`,
      )),
    )
  insert.run(event.id, event.keyId, event.type, event.sealedBody, event.createdAt, event.createdAt)
}
const inserts = new WeakMap<Database, Statement>()

/** Appends the commands that write `event` into the Redis outbox to the caller's MULTI. */
export function enqueueInMulti(multi: ChainableCommander, prefix: string, event: PreparedEvent): void {
  const k = redisKeys(prefix)
  multi
    .hset(k.delivery(event.id), {
      keyId: event.keyId,
      type: event.type,
      body: event.sealedBody,
      createdAt: event.createdAt,
      status: 'pending',
      attempts: 0,
      nextAt: event.createdAt,
    })
    .pexpire(k.delivery(event.id), DELIVERY_RETENTION_MS)
    .zadd(k.due, event.createdAt, event.id)
    .zadd(k.log(event.keyId), event.createdAt, event.id)
    .pexpire(k.log(event.keyId), DELIVERY_RETENTION_MS)
}

/** Where a plain `enqueue` writes (the webhook store slice implements it). */
export interface OutboxWriter {
  insert(event: PreparedEvent): Promise<void>
}

export interface Outbox {
  /** Builds, checks (zod) and seals an event. Async (the key may come from Redis): call it before the transaction. */
  prepare<T extends WebhookType>(type: T, keyId: string, data: WebhookData<T>): Promise<PreparedEvent>
  /** prepare + write, for callers with no transaction of their own; answers the webhook-id */
  enqueue<T extends WebhookType>(type: T, keyId: string, data: WebhookData<T>): Promise<string>
  /** the worker looks for due deliveries now instead of at its next tick (call after a commit) */
  kick(): void
}

export interface OutboxOptions {
  /** the sealer under the store's webhook body key (seal.ts) */
  sealer: () => Promise<Sealer>
  writer: OutboxWriter
  now?: () => number
  /** called by kick(); the jobs registry connects it to the worker */
  onKick?: () => void
}

export function createOutbox({ sealer: getSealer, writer, now = Date.now, onKick }: OutboxOptions): Outbox {
  const outbox: Outbox = {
    async prepare(type, keyId, data) {
      const event = webhookEvent(type, keyId, data, now())
      const { seal } = await getSealer()
      return { id: event.id, keyId, type, sealedBody: seal(event.body), createdAt: event.createdAt }
    },
    async enqueue(type, keyId, data) {
      const event = await outbox.prepare(type, keyId, data)
      await writer.insert(event)
      outbox.kick()
      return event.id
    },
    kick: () => onKick?.(),
  }
  return outbox
}
