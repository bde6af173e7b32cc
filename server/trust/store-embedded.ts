/** The trust slice on SQLite: one table in the store's file, the outbox's rows in the same transaction. */
import type { EmbeddedDb } from '../store/sqlite.ts'
import { enqueueInSqlite } from '../webhooks/outbox.ts'
import type { Announced, TrustRecord, TrustStore } from './store.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trust_users (
  key_id TEXT NOT NULL, user_hash TEXT NOT NULL,
  enrolled_at INTEGER, revoked_at INTEGER, score REAL, last_human_at INTEGER, idv_verified_at INTEGER,
  PRIMARY KEY (key_id, user_hash));
`

interface Row {
  enrolled_at: number | null
  revoked_at: number | null
  score: number | null
  last_human_at: number | null
  idv_verified_at: number | null
}

const toRecord = (r: Row): TrustRecord => ({
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
  score: r.score,
  lastHumanAt: r.last_human_at,
  idvVerifiedAt: r.idv_verified_at,
})

const same = (a: Announced, b: Announced) =>
  a.enrolledAt === b.enrolledAt && a.revokedAt === b.revokedAt && a.score === b.score

export function embeddedTrust({ db, guard, write }: EmbeddedDb): TrustStore {
  db.exec(SCHEMA)
  const q = {
    get: db.prepare<[string, string], Row>(
      `SELECT enrolled_at, revoked_at, score, last_human_at, idv_verified_at FROM trust_users
       WHERE key_id = ? AND user_hash = ?`,
    ),
    human: db.prepare(
      `INSERT INTO trust_users (key_id, user_hash, last_human_at) VALUES (?, ?, ?)
       ON CONFLICT (key_id, user_hash) DO UPDATE
       SET last_human_at = max(coalesce(last_human_at, 0), excluded.last_human_at)`,
    ),
    identity: db.prepare(
      `INSERT INTO trust_users (key_id, user_hash, idv_verified_at) VALUES (?, ?, ?)
       ON CONFLICT (key_id, user_hash) DO UPDATE
       SET idv_verified_at = max(coalesce(idv_verified_at, 0), excluded.idv_verified_at)`,
    ),
    sweep: db.prepare(
      `DELETE FROM trust_users WHERE enrolled_at IS NULL AND revoked_at IS NULL AND idv_verified_at IS NULL
         AND coalesce(score, 0) = 0 AND coalesce(last_human_at, 0) < ?`,
    ),
    announce: db.prepare(
      `INSERT INTO trust_users (key_id, user_hash, enrolled_at, revoked_at, score)
       VALUES (@keyId, @userHash, @enrolledAt, @revokedAt, @score)
       ON CONFLICT (key_id, user_hash) DO UPDATE
       SET enrolled_at = excluded.enrolled_at, revoked_at = excluded.revoked_at, score = excluded.score`,
    ),
  }
  const read = (keyId: string, userHash: string) => {
    const row = q.get.get(keyId, userHash)
    return row ? toRecord(row) : null
  }
  return {
    get: (keyId, userHash) => guard(() => read(keyId, userHash)),
    noteHuman: (keyId, userHash, at) =>
      write(() => {
        q.human.run(keyId, userHash, at)
        return read(keyId, userHash)!
      }),
    noteIdentity: (keyId, userHash, at) =>
      write(() => {
        q.identity.run(keyId, userHash, at)
        return read(keyId, userHash)!
      }),
    sweep: (before) => write(() => q.sweep.run(before).changes),
    announce: (keyId, userHash, expected, next, events) =>
      write(() => {
        const stored = read(keyId, userHash) ?? { enrolledAt: null, revokedAt: null, score: null }
        if (!same(stored, expected)) return false
        q.announce.run({ keyId, userHash, ...next })
        for (const event of events) enqueueInSqlite(db, event)
        return true
      }),
  }
}
