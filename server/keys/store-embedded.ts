/** The keys slice on the SQLite file: one row a key, cached by hash until another connection commits. */
import type { EmbeddedDb } from '../store/sqlite.ts'
import { readAllowedOrigins, readScopes } from './access.ts'
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
  /** comma-separated; NULL on rows from before scopes (read as the default scopes) */
  scopes: string | null
  /** space-separated; '' allows any origin */
  allowed_origins: string
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
  scopes: readScopes(row.scopes),
  allowedOrigins: readAllowedOrigins(row.allowed_origins),
})

export function embeddedKeys({ db, guard }: EmbeddedDb): KeyStore {
  db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, mode TEXT NOT NULL, plan TEXT NOT NULL, name TEXT,
    created_at INTEGER NOT NULL, trial_ends_at INTEGER, revoked_at INTEGER, scopes TEXT,
    allowed_origins TEXT NOT NULL DEFAULT '')`)
  // data dirs from before keys had scopes: their keys read as the default scopes and any origin
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(api_keys)').all()
  if (!columns.some((c) => c.name === 'scopes')) {
    db.exec(`ALTER TABLE api_keys ADD COLUMN scopes TEXT;
             ALTER TABLE api_keys ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT ''`)
  }
  const q = {
    insertKey: db.prepare(
      `INSERT INTO api_keys
         (id, hash, mode, plan, name, created_at, trial_ends_at, revoked_at, scopes, allowed_origins)
       VALUES (@id, @hash, @mode, @plan, @name, @createdAt, @trialEndsAt, @revokedAt, @scopes, @origins)`,
    ),
    keyByHash: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ?'),
    /** changes when another connection (the admin CLI, another process) commits; never for our own */
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    keyById: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
    keys: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id'),
    revoke: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    setPlan: db.prepare('UPDATE api_keys SET plan = ?, trial_ends_at = ? WHERE id = ?'),
    setScopes: db.prepare('UPDATE api_keys SET scopes = ? WHERE id = ?'),
    setOrigins: db.prepare('UPDATE api_keys SET allowed_origins = ? WHERE id = ?'),
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
    createKey: (key) =>
      guard(() =>
        writeKeys(() => {
          const { scopes, allowedOrigins, ...rest } = key
          q.insertKey.run({ ...rest, scopes: scopes.join(','), origins: allowedOrigins.join(' ') })
        }),
      ),
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
    setScopes: (id, scopes) =>
      guard(() => writeKeys(() => q.setScopes.run(scopes.join(','), id).changes > 0)),
    setAllowedOrigins: (id, origins) =>
      guard(() => writeKeys(() => q.setOrigins.run(origins.join(' '), id).changes > 0)),
  }
}
