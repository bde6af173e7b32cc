/**
 * The webhook slice on the embedded store: two tables in the store's own SQLite file (layout.ts). One
 * server process per data dir, so a claim is a plain transaction; the lease still matters across a crash
 * (a claim that was running when the process died is due again when its lease ends).
 */
import { randomBytes } from 'node:crypto'
import type { EmbeddedDb } from '../../store/sqlite.ts'
import type { WebhookType } from '../events.ts'
import { enqueueInSqlite } from '../outbox.ts'
import { ensureSqliteSchema } from './layout.ts'
import type { Claim, Delivery, DeliveryStatus, Destination, WebhookStore } from './types.ts'

interface DestinationRow {
  key_id: string
  type: WebhookType
  url: string
  secret: string
  created_at: number
  updated_at: number
  failures: number
  failing_since: number | null
  disabled_at: number | null
}

interface DeliveryRow {
  id: string
  key_id: string
  type: WebhookType
  body: string
  created_at: number
  status: DeliveryStatus
  attempts: number
  next_at: number | null
  last_error: string | null
  last_status: number | null
  last_at: number | null
}

const toDestination = (r: DestinationRow): Destination => ({
  keyId: r.key_id,
  type: r.type,
  url: r.url,
  secret: r.secret,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  failures: r.failures,
  failingSince: r.failing_since,
  disabledAt: r.disabled_at,
})

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  keyId: r.key_id,
  type: r.type,
  sealedBody: r.body,
  createdAt: r.created_at,
  status: r.status,
  attempts: r.attempts,
  nextAt: r.next_at,
  lastError: r.last_error,
  lastStatus: r.last_status,
  lastAt: r.last_at,
})

/** The store's operations as plain synchronous functions, before they are guarded. */
type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never
}

export function openEmbeddedWebhookStore(edb: EmbeddedDb): WebhookStore {
  const { db } = edb
  ensureSqliteSchema(db)
  const q = {
    destination: db.prepare<[string, string], DestinationRow>(
      'SELECT * FROM webhook_destinations WHERE key_id = ? AND type = ?',
    ),
    destinations: db.prepare<[string], DestinationRow>(
      'SELECT * FROM webhook_destinations WHERE key_id = ? ORDER BY type',
    ),
    insertDestination: db.prepare(
      `INSERT INTO webhook_destinations (key_id, type, url, secret, created_at, updated_at)
       VALUES (@keyId, @type, @url, @secret, @now, @now)`,
    ),
    editDestination: db.prepare(
      `UPDATE webhook_destinations SET url = @url, updated_at = @now, failures = 0, failing_since = NULL,
       disabled_at = NULL WHERE key_id = @keyId AND type = @type`,
    ),
    deleteDestination: db.prepare('DELETE FROM webhook_destinations WHERE key_id = ? AND type = ?'),
    rotate: db.prepare(
      'UPDATE webhook_destinations SET secret = ?, updated_at = ? WHERE key_id = ? AND type = ?',
    ),
    succeeded: db.prepare(
      `UPDATE webhook_destinations SET failures = 0, failing_since = NULL WHERE key_id = ? AND type = ?`,
    ),
    failed: db.prepare(
      `UPDATE webhook_destinations SET failures = failures + 1, failing_since = coalesce(failing_since, @now)
       WHERE key_id = @keyId AND type = @type`,
    ),
    disable: db.prepare(
      `UPDATE webhook_destinations SET disabled_at = @now WHERE key_id = @keyId AND type = @type
       AND disabled_at IS NULL AND failures >= @failures AND @now - failing_since >= @ms`,
    ),
    due: db.prepare<[number, number], DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE next_at <= ? ORDER BY next_at LIMIT ?',
    ),
    lease: db.prepare('UPDATE webhook_deliveries SET next_at = ?, lease = ? WHERE id = ?'),
    finish: db.prepare(
      `UPDATE webhook_deliveries SET status = @status, next_at = @nextAt, lease = NULL,
       attempts = attempts + @attempted, last_error = coalesce(@error, iif(@attempted, NULL, last_error)),
       last_status = iif(@attempted, @httpStatus, last_status), last_at = iif(@attempted, @at, last_at)
       WHERE id = @id AND lease = @lease`,
    ),
    deliveries: db.prepare<[string, number], DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE key_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    delivery: db.prepare<[string, string], DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE key_id = ? AND id = ?',
    ),
    redeliver: db.prepare(
      `UPDATE webhook_deliveries SET status = 'pending', next_at = min(coalesce(next_at, @now), @now), lease = NULL
       WHERE key_id = @keyId AND id = @id AND (lease IS NULL OR next_at <= @now)`,
    ),
    sweep: db.prepare('DELETE FROM webhook_deliveries WHERE created_at < ?'),
  }

  const claim = db.transaction((now: number, leaseMs: number, limit: number): Claim[] =>
    q.due.all(now, limit).map((row) => {
      const lease = randomBytes(12).toString('base64url')
      q.lease.run(now + leaseMs, lease, row.id)
      return { delivery: toDelivery({ ...row, next_at: now + leaseMs }), lease }
    }),
  )
  const put = db.transaction((input: Parameters<WebhookStore['putDestination']>[0]) => {
    const created = q.destination.get(input.keyId, input.type) === undefined
    if (created) q.insertDestination.run(input)
    else q.editDestination.run(input)
    return { destination: toDestination(q.destination.get(input.keyId, input.type)!), created }
  })
  const one = (keyId: string, type: string) => {
    const row = q.destination.get(keyId, type)
    return row ? toDestination(row) : null
  }

  const ops: Sync<WebhookStore> = {
    insert: (event) => enqueueInSqlite(db, event),
    putDestination: (input) => put(input),
    destination: (keyId, type) => one(keyId, type),
    destinations: (keyId) => q.destinations.all(keyId).map(toDestination),
    deleteDestination: (keyId, type) => q.deleteDestination.run(keyId, type).changes > 0,
    rotateSecret: (keyId, type, secret, now) =>
      q.rotate.run(secret, now, keyId, type).changes > 0 ? one(keyId, type) : null,
    recordResult: (keyId, type, ok, now, disableAfter) =>
      db.transaction(() => {
        if (ok) q.succeeded.run(keyId, type)
        else {
          q.failed.run({ keyId, type, now })
          q.disable.run({ keyId, type, now, failures: disableAfter.failures, ms: disableAfter.ms })
        }
        return one(keyId, type)
      })(),
    claim: (now, leaseMs, limit) => claim(now, leaseMs, limit),
    finish: (id, lease, o) =>
      q.finish.run({
        id,
        lease,
        status: o.status,
        nextAt: o.nextAt,
        attempted: o.attempted ? 1 : 0,
        error: o.error,
        httpStatus: o.httpStatus,
        at: o.at,
      }).changes > 0,
    deliveries: (keyId, limit) => q.deliveries.all(keyId, limit).map(toDelivery),
    delivery: (keyId, id) => {
      const row = q.delivery.get(keyId, id)
      return row ? toDelivery(row) : null
    },
    redeliver: (keyId, id, now) =>
      q.redeliver.run({ keyId, id, now }).changes > 0
        ? 'queued'
        : q.delivery.get(keyId, id)
          ? 'in_flight'
          : 'missing',
    sweep: (before) => q.sweep.run(before).changes,
  }
  // every operation as the store's others: a SQLite failure (locked, I/O, closed) is StoreUnavailableError
  return Object.fromEntries(
    Object.entries(ops).map(([name, op]) => [
      name,
      (...args: unknown[]) => edb.guard(() => (op as (...a: unknown[]) => unknown)(...args)),
    ]),
  ) as unknown as WebhookStore
}
