/**
 * The embedded store: one SQLite file for what must survive a restart (keys, monthly usage,
 * replay digests, signing keys, secrets) and process memory for the one-minute windows.
 * One server process per data dir; the admin CLI may open the same file alongside it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { makePrivateDir, makePrivateFile } from '../private-files.ts'
import { startCheckpointer } from './checkpointer.ts'
import { groupCommit } from './group-commit.ts'
import { registerHandle } from './handles.ts'
import { SlidingWindows } from './windows.ts'
import {
  StoreUnavailableError,
  type ApiKeyRecord,
  type MonthlyHit,
  type SigningKeyRecord,
  type DigestSighting,
  type Store,
  type UsageRow,
  type WindowHit,
} from './types.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, mode TEXT NOT NULL, plan TEXT NOT NULL, name TEXT,
  created_at INTEGER NOT NULL, trial_ends_at INTEGER, revoked_at INTEGER);
CREATE TABLE IF NOT EXISTS usage (
  key_id TEXT NOT NULL, month TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (key_id, month));
CREATE TABLE IF NOT EXISTS digests (
  digest TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, seen INTEGER NOT NULL DEFAULT 0,
  sender TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS signing_keys (kid TEXT PRIMARY KEY, private_jwk TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`

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

/**
 * Expired digest rows are deleted a slice of rowids at a time, the slices cycling through the table:
 * every SWEEP_EVERY digest writes, the next SWEEP_ROWIDS rowids. A sweep costs the same however large
 * the table (a DELETE by expiry alone scans every row, and at a day's TTL under load that is millions
 * every few seconds), and a slice is four times the rowids the writes since the last one can have
 * added, so each expired row goes within a few cycles. Expiry itself never waits for a sweep: the
 * upsert treats an expired row as unseen.
 */
const SWEEP_EVERY = 100
const SWEEP_ROWIDS = 4 * SWEEP_EVERY

export interface EmbeddedOptions {
  /** the checkpoint thread's script (tests give a broken or a slow one) */
  checkpointWorker?: URL
}

export function openEmbeddedStore(dataDir: string, options: EmbeddedOptions = {}): Store {
  makePrivateDir(dataDir)
  const file = join(dataDir, 'huma.sqlite')
  // the file holds the signing keys and the userId secret: 0600 before SQLite writes anything, and the
  // log and shared-memory files SQLite makes beside it take the same mode from it
  makePrivateFile(file)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  for (const extra of [`${file}-wal`, `${file}-shm`]) if (existsSync(extra)) makePrivateFile(extra)
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 2000')
  db.exec(SCHEMA)
  // data dirs from before digests kept their first sender
  const digestColumns = db.prepare<[], { name: string }>('PRAGMA table_info(digests)').all()
  if (!digestColumns.some((c) => c.name === 'sender')) {
    db.exec(`ALTER TABLE digests ADD COLUMN sender TEXT NOT NULL DEFAULT '';
             ALTER TABLE digests ADD COLUMN at INTEGER NOT NULL DEFAULT 0`)
  }

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
    reserve: db.prepare(
      `INSERT INTO usage (key_id, month, used) VALUES (@keyId, @month, 1)
       ON CONFLICT (key_id, month) DO UPDATE SET used = used + 1 WHERE used < @limit
       RETURNING used`,
    ),
    release: db.prepare('UPDATE usage SET used = used - 1 WHERE key_id = ? AND month = ? AND used > 0'),
    usageAll: db.prepare<[string], { key_id: string; month: string; used: number }>(
      'SELECT key_id, month, used FROM usage WHERE month = ? ORDER BY key_id',
    ),
    usageOne: db.prepare<[string, string], { key_id: string; month: string; used: number }>(
      'SELECT key_id, month, used FROM usage WHERE month = ? AND key_id = ?',
    ),
    /**
     * one statement: records the sighting and answers whether the digest was there unexpired, and its
     * first sender and time (kept while it is; an expired row starts over with this sighting)
     */
    putDigest: db.prepare<
      [{ digest: string; sender: string; expiresAt: number; now: number }],
      { seen: number; sender: string; at: number }
    >(
      `INSERT INTO digests (digest, expires_at, seen, sender, at) VALUES (@digest, @expiresAt, 0, @sender, @now)
       ON CONFLICT (digest) DO UPDATE SET
         seen = (expires_at > @now),
         sender = iif(expires_at > @now, sender, excluded.sender),
         at = iif(expires_at > @now, at, excluded.at),
         expires_at = excluded.expires_at
       RETURNING seen, sender, at`,
    ),
    sweepDigests: db.prepare<[{ after: number; upTo: number; now: number }]>(
      'DELETE FROM digests WHERE rowid > @after AND rowid <= @upTo AND expires_at <= @now',
    ),
    lastDigestRowid: db.prepare<[], number | null>('SELECT max(rowid) FROM digests').pluck(),
    signingKeys: db.prepare<[], { kid: string; private_jwk: string; created_at: number }>(
      'SELECT * FROM signing_keys ORDER BY created_at, kid',
    ),
    addSigningKey: db.prepare('INSERT INTO signing_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)'),
    retireSigningKey: db.prepare('DELETE FROM signing_keys WHERE kid = ?'),
    secret: db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?'),
    putSecret: db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)'),
  }

  const windows = new SlidingWindows()
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

  let digestWrites = 0
  let sweptUpTo = 0
  let closed = false
  let closing: Promise<void> | null = null

  /** SQLite failures (locked, I/O, closed) become StoreUnavailableError: the route answers 503. */
  const guard = <T>(run: () => T): Promise<T> => {
    try {
      if (closed) throw new Error('store closed')
      return Promise.resolve(run())
    } catch (cause) {
      return Promise.reject(new StoreUnavailableError('embedded store failed', { cause }))
    }
  }

  const checkpointer = startCheckpointer(db, {
    file,
    release: () => flush(),
    ...(options.checkpointWorker ? { workerUrl: options.checkpointWorker } : {}),
  })
  const { write, flush } = groupCommit(db, () => closed, checkpointer)

  const sightDigest = (digest: string, sender: string, ttlMs: number, now: number): DigestSighting | null => {
    const row = q.putDigest.get({ digest, sender, expiresAt: now + ttlMs, now })!
    if (++digestWrites >= SWEEP_EVERY) {
      digestWrites = 0
      const upTo = sweptUpTo + SWEEP_ROWIDS
      q.sweepDigests.run({ after: sweptUpTo, upTo, now })
      sweptUpTo = upTo >= (q.lastDigestRowid.get() ?? 0) ? 0 : upTo
    }
    return row.seen === 1 ? { sender: row.sender, at: row.at } : null
  }

  const store: Store = {
    kind: 'embedded',
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
    hitWindow: (bucket, limit, windowMs, now): Promise<WindowHit> =>
      guard(() => windows.hit(bucket, limit, windowMs, now)),
    reserveMonthly: (keyId, month, limit): Promise<MonthlyHit> =>
      write(() => {
        if (limit <= 0) return { ok: false, used: q.usageOne.get(month, keyId)?.used ?? 0 }
        const row = q.reserve.get({ keyId, month, limit }) as { used: number } | undefined
        if (row) return { ok: true, used: row.used }
        const current = q.usageOne.get(month, keyId)
        return { ok: false, used: current?.used ?? 0 }
      }),
    releaseMonthly: (keyId, month) => write(() => void q.release.run(keyId, month)),
    usage: (month, keyId): Promise<UsageRow[]> =>
      guard(() => {
        const rows = keyId === undefined ? q.usageAll.all(month) : q.usageOne.all(month, keyId)
        return rows.map((r) => ({ keyId: r.key_id, month: r.month, used: r.used }))
      }),
    sightDigest: (digest, sender, ttlMs, now) => write(() => sightDigest(digest, sender, ttlMs, now)),
    sightDigests: (sightings, ttlMs, now) =>
      write(() => sightings.map(({ digest, sender }) => sightDigest(digest, sender, ttlMs, now))),
    signingKeys: (): Promise<SigningKeyRecord[]> =>
      guard(() =>
        q.signingKeys.all().map((r) => ({ kid: r.kid, privateJwk: r.private_jwk, createdAt: r.created_at })),
      ),
    addSigningKey: (key) => guard(() => void q.addSigningKey.run(key.kid, key.privateJwk, key.createdAt)),
    retireSigningKey: (kid) => guard(() => q.retireSigningKey.run(kid).changes > 0),
    secret: (name, create) =>
      guard(() => {
        q.putSecret.run(name, create())
        return q.secret.get(name)!.value
      }),
    ping: () => guard(() => void db.prepare('SELECT 1').get()),
    close: () =>
      (closing ??= (async () => {
        await checkpointer.close()
        flush()
        closed = true
        windows.clear()
        db.close()
      })()),
  }
  return registerHandle(store, { kind: 'embedded', db })
}
