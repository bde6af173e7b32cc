/** The identity checks on SQLite: `idv.sqlite` beside the main store's file, 0600 like it. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { IdvTheme } from '../../shared/contracts/idv.ts'
import { makePrivateDir, makePrivateFile } from '../private-files.ts'
import { purged, type IdvCheckRecord, type IdvSessionRecord, type IdvStore } from './store.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS idv_checks (
  id TEXT PRIMARY KEY,
  purge_at INTEGER NOT NULL,
  purged_at INTEGER,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idv_checks_due ON idv_checks (purge_at) WHERE purged_at IS NULL;
CREATE TABLE IF NOT EXISTS idv_sessions (
  token_hash TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idv_themes (key_id TEXT PRIMARY KEY, theme TEXT NOT NULL);
`

export function openEmbeddedIdvStore(dataDir: string): IdvStore {
  makePrivateDir(dataDir)
  const file = join(dataDir, 'idv.sqlite')
  makePrivateFile(file)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 2000')
  db.exec(SCHEMA)
  const q = {
    put: db.prepare(
      'INSERT OR REPLACE INTO idv_checks (id, purge_at, purged_at, record) VALUES (?, ?, ?, ?)',
    ),
    get: db.prepare<[string], { record: string }>('SELECT record FROM idv_checks WHERE id = ?'),
    due: db.prepare<[number, number], { record: string }>(
      'SELECT record FROM idv_checks WHERE purged_at IS NULL AND purge_at <= ? ORDER BY purge_at LIMIT ?',
    ),
    putSession: db.prepare(
      'INSERT OR REPLACE INTO idv_sessions (token_hash, expires_at, record) VALUES (?, ?, ?)',
    ),
    takeSession: db.prepare<[string], { record: string; expires_at: number }>(
      'DELETE FROM idv_sessions WHERE token_hash = ? RETURNING record, expires_at',
    ),
    peekSession: db.prepare<[string], { record: string; expires_at: number }>(
      'SELECT record, expires_at FROM idv_sessions WHERE token_hash = ?',
    ),
    dropExpired: db.prepare('DELETE FROM idv_sessions WHERE expires_at <= ?'),
    setTheme: db.prepare('INSERT OR REPLACE INTO idv_themes (key_id, theme) VALUES (?, ?)'),
    getTheme: db.prepare<[string], { theme: string }>('SELECT theme FROM idv_themes WHERE key_id = ?'),
  }
  const put = (check: IdvCheckRecord) =>
    void q.put.run(check.id, check.purgeAt, check.purgedAt, JSON.stringify(check))

  return {
    kind: 'embedded',
    async putCheck(check) {
      put(check)
    },
    async getCheck(id) {
      const row = q.get.get(id)
      return row ? (JSON.parse(row.record) as IdvCheckRecord) : null
    },
    async duePurge(now, limit) {
      return q.due.all(now, limit).map((row) => JSON.parse(row.record) as IdvCheckRecord)
    },
    async markPurged(id, now) {
      const row = q.get.get(id)
      if (!row) return
      const check = JSON.parse(row.record) as IdvCheckRecord
      put(purged(check, now))
    },
    async putSession(tokenHash, session, now) {
      q.dropExpired.run(now)
      q.putSession.run(tokenHash, session.expiresAt, JSON.stringify(session))
    },
    async peekSession(tokenHash, now) {
      const row = q.peekSession.get(tokenHash)
      if (!row || row.expires_at <= now) return null
      return JSON.parse(row.record) as IdvSessionRecord
    },
    async takeSession(tokenHash, now) {
      const row = q.takeSession.get(tokenHash)
      if (!row || row.expires_at <= now) return null
      return JSON.parse(row.record) as IdvSessionRecord
    },
    async setTheme(keyId, theme) {
      q.setTheme.run(keyId, JSON.stringify(theme))
    },
    async getTheme(keyId) {
      const row = q.getTheme.get(keyId)
      return row ? (JSON.parse(row.theme) as IdvTheme) : null
    },
    async close() {
      db.close()
    },
  }
}
