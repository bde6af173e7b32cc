/**
 * Where webhooks live in each store: SQLite tables in the store's own file, Redis keys under the store's
 * prefix. The outbox (enqueue in the caller's transaction) and the store slice both write by this layout.
 */
import type { Database } from 'better-sqlite3'

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_destinations (
  key_id TEXT NOT NULL, type TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0, failing_since INTEGER, disabled_at INTEGER,
  PRIMARY KEY (key_id, type));
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY, key_id TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
  created_at INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER, lease TEXT, last_error TEXT, last_status INTEGER, last_at INTEGER);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_at) WHERE next_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS webhook_deliveries_key ON webhook_deliveries (key_id, created_at);
`

const ready = new WeakSet<Database>()

/** Creates the webhook tables in `db` once (idempotent, cheap after the first call). */
export function ensureSqliteSchema(db: Database): void {
  if (ready.has(db)) return
  db.exec(SQLITE_SCHEMA)
  // inside a transaction the tables exist only if it commits: known for sure only outside one
  if (!db.inTransaction) ready.add(db)
}

/** The Redis keys, under the store's prefix. */
export function redisKeys(prefix: string) {
  return {
    /** hash: one delivery (keyId, type, body, createdAt, status, attempts, nextAt, lease, last*) */
    delivery: (id: string) => `${prefix}wh:d:${id}`,
    /** sorted set: ids of pending deliveries by the epoch ms they are due (or their lease ends) */
    due: `${prefix}wh:due`,
    /** sorted set: a key's deliveries by creation time, for the log */
    log: (keyId: string) => `${prefix}wh:log:${keyId}`,
    /** hash: a key's destination for one event type (url, secret, createdAt, updatedAt, failures, failingSince, disabledAt) */
    destination: (keyId: string, type: string) => `${prefix}wh:dest:${keyId}:${type}`,
    /** set: the event types a key has a destination for */
    destinations: (keyId: string) => `${prefix}wh:dests:${keyId}`,
  }
}

/** Deliveries (and their log entries) are kept this long after they were created, then swept. */
export const DELIVERY_RETENTION_MS = 30 * 86_400_000
