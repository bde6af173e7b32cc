/** The keys slice on the SQLite file: one row a key, cached by hash until another connection commits. */
import type { EmbeddedDb } from '../store/sqlite.ts'
import type { ApiKeyRecord, KeyStore } from './store.ts'

interface KeyRow {
  id: string
  hash: string
  mode: 'live' | 'test'
  plan: string
  name: string | null
  created_at: number
  trial_ends_at: number | null
  revoked_at: number | null
}

const toKey = (row: KeyRow): ApiKeyRecord => ({
  id: row.id,
  hash: row.hash,
  mode: row.mode,
  plan: row.plan,
  name: row.name,
  createdAt: row.created_at,
  trialEndsAt: row.trial_ends_at,
  revokedAt: row.revoked_at,
})

export function embeddedKeys({ db, guard }: EmbeddedDb): KeyStore {
  db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, mode TEXT NOT NULL, plan TEXT NOT NULL, name TEXT,
    created_at INTEGER NOT NULL, trial_ends_at INTEGER, revoked_at INTEGER)`)
  const q = {
    insertKey: db.prepare(
      `INSERT INTO api_keys (id, hash, mode, plan, name, created_at, trial_ends_at, revoked_at)
       VALUES (@id, @hash, @mode, @plan, @name, @createdAt, @trialEndsAt, @revokedAt)`,
    ),
    keyByHash: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ?'),
    /** changes when another connection (the admin CLI, another process) commits; never for our own */
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    keyById: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
    keys: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id'),
    revoke: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    setPlan: db.prepare('UPDATE api_keys SET plan = ?, trial_ends_at = ? WHERE id = ?'),
  }

  /**
   * Keys by hash, as read from the file, for as long as nothing else has written to it: SQLite's
   * data_version tells of any other connection's commit (the CLI revoking a key takes effect on the
   * next request), and this store's own key writes empty it. Unknown hashes are never kept.
   */
  const keys = new Map<string, ApiKeyRecord>()
  let keysVersion = -1
  const findKey = (hash: string): ApiKeyRecord | null => {
    const version = q.dataVersion.get()!
    if (version !== keysVersion) {
      keys.clear()
      keysVersion = version
    }
    const known = keys.get(hash)
    if (known) return known
    const row = q.keyByHash.get(hash)
    if (!row) return null
    const key = Object.freeze(toKey(row))
    keys.set(hash, key)
    return key
  }
  const writeKeys = <T>(run: () => T): T => {
    keys.clear()
    return run()
  }

  return {
    createKey: (key) => guard(() => writeKeys(() => void q.insertKey.run(key))),
    findKeyByHash: (hash) => guard(() => findKey(hash)),
    findKeyById: (id) =>
      guard(() => {
        const row = q.keyById.get(id)
        return row ? toKey(row) : null
      }),
    listKeys: () => guard(() => q.keys.all().map(toKey)),
    revokeKey: (id, at) => guard(() => writeKeys(() => q.revoke.run(at, id).changes > 0)),
    setPlan: (id, plan, trialEndsAt) =>
      guard(() => writeKeys(() => q.setPlan.run(plan, trialEndsAt, id).changes > 0)),
  }
}
