/** The stamps slice on the SQLite file: three tables, every change in the turn's group-committed write. */
import type { StampLogEntry, StampType } from '../../shared/contracts/stamps.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'
import { enqueueInSqlite } from '../webhooks/outbox.ts'
import { EMPTY_HEAD, linkEntry, type ChainHead } from './chain.ts'
import type { StampRecord, StampStore } from './store.ts'

interface StampRow {
  id: string
  key_id: string
  content_hash: string
  type: string
  creator: string
  trust_score: number
  created_at: number
  revoked_at: number | null
}

const fromRow = (r: StampRow): StampRecord => ({
  id: r.id,
  keyId: r.key_id,
  contentHash: r.content_hash,
  type: r.type as StampType,
  creator: r.creator,
  trustScore: r.trust_score,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
})

export function embeddedStamps({ db, guard, write }: EmbeddedDb): StampStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS stamps (
      id TEXT PRIMARY KEY, key_id TEXT NOT NULL, content_hash TEXT NOT NULL, type TEXT NOT NULL,
      creator TEXT NOT NULL, trust_score REAL NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
    CREATE TABLE IF NOT EXISTS stamp_usage (
      key_id TEXT NOT NULL, month TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (key_id, month));
    CREATE TABLE IF NOT EXISTS stamp_log (
      seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, stamp_id TEXT NOT NULL, content_hash TEXT NOT NULL,
      creator TEXT NOT NULL, at INTEGER NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);`)
  const q = {
    count: db.prepare(
      `INSERT INTO stamp_usage (key_id, month, used) VALUES (@keyId, @month, 1)
       ON CONFLICT (key_id, month) DO UPDATE SET used = used + 1 WHERE used < @limit
       RETURNING used`,
    ),
    used: db.prepare<[string, string], { used: number }>(
      'SELECT used FROM stamp_usage WHERE key_id = ? AND month = ?',
    ),
    head: db.prepare<[], { seq: number; hash: string; at: number }>(
      'SELECT seq, hash, at FROM stamp_log ORDER BY seq DESC LIMIT 1',
    ),
    append: db.prepare(
      `INSERT INTO stamp_log (seq, kind, stamp_id, content_hash, creator, at, prev, hash)
       VALUES (@seq, @kind, @stamp_id, @content_hash, @creator, @at, @prev, @hash)`,
    ),
    entries: db.prepare<[number, number], StampLogEntry>(
      `SELECT seq, kind, stamp_id, content_hash, creator, at, prev, hash FROM stamp_log
       WHERE seq >= ? ORDER BY seq LIMIT ?`,
    ),
    insert: db.prepare(
      `INSERT INTO stamps (id, key_id, content_hash, type, creator, trust_score, created_at, revoked_at)
       VALUES (@id, @keyId, @contentHash, @type, @creator, @trustScore, @createdAt, NULL)`,
    ),
    find: db.prepare<[string], StampRow>('SELECT * FROM stamps WHERE id = ?'),
    revoke: db.prepare('UPDATE stamps SET revoked_at = ? WHERE id = ?'),
  }
  const head = (): ChainHead => {
    const row = q.head.get()
    return row ? { size: row.seq, hash: row.hash, at: row.at } : EMPTY_HEAD
  }

  return {
    create: ({ stamp, month, limit, event }) =>
      write(() => {
        const counted =
          limit > 0
            ? (q.count.get({ keyId: stamp.keyId, month, limit }) as { used: number } | undefined)
            : undefined
        if (!counted) return { ok: false as const, used: q.used.get(stamp.keyId, month)?.used ?? 0 }
        const entry = linkEntry(head(), {
          kind: 'stamp',
          stamp_id: stamp.id,
          content_hash: stamp.contentHash,
          creator: stamp.creator,
          at: stamp.createdAt,
        })
        q.append.run(entry)
        q.insert.run(stamp)
        if (event) enqueueInSqlite(db, event)
        return { ok: true as const, used: counted.used, entry }
      }),
    revoke: (keyId, stampId, at) =>
      write(() => {
        const row = q.find.get(stampId)
        if (!row || row.key_id !== keyId) return { ok: false as const }
        if (row.revoked_at !== null) return { ok: true as const, revokedAt: row.revoked_at, entry: null }
        const entry = linkEntry(head(), {
          kind: 'revoke',
          stamp_id: row.id,
          content_hash: row.content_hash,
          creator: row.creator,
          at,
        })
        q.append.run(entry)
        q.revoke.run(entry.at, row.id)
        return { ok: true as const, revokedAt: entry.at, entry }
      }),
    find: (stampId) =>
      guard(() => {
        const row = q.find.get(stampId)
        return row ? fromRow(row) : null
      }),
    used: (keyId, month) => guard(() => q.used.get(keyId, month)?.used ?? 0),
    head: () => guard(head),
    entries: (from, limit) => guard(() => q.entries.all(from, limit)),
  }
}
