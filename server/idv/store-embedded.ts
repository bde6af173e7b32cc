/** The identity checks on SQLite: three tables in the store's file (0600 like the rest of it). */
import type { IdvTheme } from '../../shared/contracts/idv.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'
import { inReview, purged, type IdvCheckRecord, type IdvSessionRecord, type IdvStore } from './store.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS idv_checks (
  id TEXT PRIMARY KEY,
  purge_at INTEGER NOT NULL,
  purged_at INTEGER,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idv_checks_due ON idv_checks (purge_at) WHERE purged_at IS NULL;
CREATE INDEX IF NOT EXISTS idv_checks_key
  ON idv_checks (json_extract(record, '$.keyId'), json_extract(record, '$.createdAt'));
CREATE INDEX IF NOT EXISTS idv_checks_review ON idv_checks (json_extract(record, '$.createdAt'))
  WHERE purged_at IS NULL
    AND json_extract(record, '$.result.verificationAssessment.verificationStatus') = 'review';
CREATE TABLE IF NOT EXISTS idv_sessions (
  token_hash TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idv_themes (key_id TEXT PRIMARY KEY, theme TEXT NOT NULL);
`

export function embeddedIdv({ db, guard, write }: EmbeddedDb): IdvStore {
  db.exec(SCHEMA)
  const q = {
    put: db.prepare(
      'INSERT OR REPLACE INTO idv_checks (id, purge_at, purged_at, record) VALUES (?, ?, ?, ?)',
    ),
    get: db.prepare<[string], { record: string }>('SELECT record FROM idv_checks WHERE id = ?'),
    due: db.prepare<[number, number], { record: string }>(
      'SELECT record FROM idv_checks WHERE purged_at IS NULL AND purge_at <= ? ORDER BY purge_at LIMIT ?',
    ),
    byKey: db.prepare<[string, number, number], { record: string }>(
      `SELECT record FROM idv_checks WHERE json_extract(record, '$.keyId') = ?
       ORDER BY json_extract(record, '$.createdAt') DESC, id DESC LIMIT ? OFFSET ?`,
    ),
    review: db.prepare<[number, number], { record: string }>(
      `SELECT record FROM idv_checks
       WHERE purged_at IS NULL
         AND json_extract(record, '$.result.verificationAssessment.verificationStatus') = 'review'
       ORDER BY json_extract(record, '$.createdAt') DESC, id DESC LIMIT ? OFFSET ?`,
    ),
    putSession: db.prepare(
      'INSERT OR REPLACE INTO idv_sessions (token_hash, expires_at, record) VALUES (?, ?, ?)',
    ),
    peekSession: db.prepare<[string], { record: string; expires_at: number }>(
      'SELECT record, expires_at FROM idv_sessions WHERE token_hash = ?',
    ),
    takeSession: db.prepare<[string], { record: string; expires_at: number }>(
      'DELETE FROM idv_sessions WHERE token_hash = ? RETURNING record, expires_at',
    ),
    dropExpired: db.prepare('DELETE FROM idv_sessions WHERE expires_at <= ?'),
    setTheme: db.prepare('INSERT OR REPLACE INTO idv_themes (key_id, theme) VALUES (?, ?)'),
    getTheme: db.prepare<[string], { theme: string }>('SELECT theme FROM idv_themes WHERE key_id = ?'),
  }
  const put = (check: IdvCheckRecord) =>
    void q.put.run(check.id, check.purgeAt, check.purgedAt, JSON.stringify(check))
  const read = (row: { record: string } | undefined) =>
    row ? (JSON.parse(row.record) as IdvCheckRecord) : null
  const session = (row: { record: string; expires_at: number } | undefined, now: number) =>
    !row || row.expires_at <= now ? null : (JSON.parse(row.record) as IdvSessionRecord)

  return {
    putCheck: (check) => write(() => put(check)),
    getCheck: (id) => guard(() => read(q.get.get(id))),
    duePurge: (now, limit) =>
      guard(() => q.due.all(now, limit).map((row) => JSON.parse(row.record) as IdvCheckRecord)),
    markPurged: (id, now) =>
      write(() => {
        const check = read(q.get.get(id))
        if (check) put(purged(check, now))
      }),
    listChecks: (keyId, page) =>
      guard(() => q.byKey.all(keyId, page.limit, page.offset).map((row) => read(row)!)),
    reviewQueue: (page) => guard(() => q.review.all(page.limit, page.offset).map((row) => read(row)!)),
    decideReview: (decided) =>
      write(() => {
        const stored = read(q.get.get(decided.id))
        if (!stored || !inReview(stored) || stored.purgedAt !== null) return false
        put(decided)
        return true
      }),
    putSession: (tokenHash, record, now) =>
      write(() => {
        q.dropExpired.run(now)
        q.putSession.run(tokenHash, record.expiresAt, JSON.stringify(record))
      }),
    peekSession: (tokenHash, now) => guard(() => session(q.peekSession.get(tokenHash), now)),
    takeSession: (tokenHash, now) => write(() => session(q.takeSession.get(tokenHash), now)),
    setTheme: (keyId, theme) => write(() => void q.setTheme.run(keyId, JSON.stringify(theme))),
    getTheme: (keyId) =>
      guard(() => {
        const row = q.getTheme.get(keyId)
        return row ? (JSON.parse(row.theme) as IdvTheme) : null
      }),
  }
}
