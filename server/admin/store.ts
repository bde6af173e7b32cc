/**
 * The admin slice: operators' tokens (by SHA-256 only), their sessions (by SHA-256 of the cookie, with an
 * expiry) and the audit log of their actions (who, what, on what, when; never a secret). Embedded: three
 * tables in the SQLite file. Redis: `admin:tokens` (a HASH), `admin:session:<hash>` (expiring strings) and
 * `admin:audit` (a capped list). test/contracts/admin.ts runs against both.
 */
import type { RedisHandle } from '../store/redis-client.ts'
import { defineSlice } from '../store/slice.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'

export interface AdminTokenRecord {
  id: string
  name: string
  /** SHA-256 of the token, hex */
  hash: string
  createdAt: number
}

export interface AdminSession {
  /** who: the operator token's name (`env` for HUMA_ADMIN_TOKEN) */
  name: string
  expiresAt: number
}

export interface AuditEntry {
  at: number
  who: string
  action: string
  /** what it was done to: a key id, a signing key id, a plan; never a secret */
  target: string
}

/** Audit entries kept, newest first; older ones fall off. */
export const AUDIT_KEPT = 1000

export interface AdminStore {
  addToken(token: AdminTokenRecord): Promise<void>
  findTokenByHash(hash: string): Promise<AdminTokenRecord | null>
  countTokens(): Promise<number>
  /** opens a session (and forgets expired ones) */
  createSession(hash: string, session: AdminSession, now: number): Promise<void>
  /** the session under this cookie hash, or null when there is none or it has expired */
  session(hash: string, now: number): Promise<AdminSession | null>
  deleteSession(hash: string): Promise<void>
  audit(entry: AuditEntry): Promise<void>
  /** newest first */
  auditLog(limit: number): Promise<AuditEntry[]>
}

function embeddedAdmin({ db, guard }: EmbeddedDb): AdminStore {
  db.exec(`CREATE TABLE IF NOT EXISTS admin_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
           CREATE TABLE IF NOT EXISTS admin_sessions (hash TEXT PRIMARY KEY, name TEXT NOT NULL, expires_at INTEGER NOT NULL);
           CREATE TABLE IF NOT EXISTS admin_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL);`)
  type TokenRow = { id: string; name: string; hash: string; created_at: number }
  const q = {
    addToken: db.prepare('INSERT INTO admin_tokens (id, name, hash, created_at) VALUES (?, ?, ?, ?)'),
    tokenByHash: db.prepare<[string], TokenRow>('SELECT * FROM admin_tokens WHERE hash = ?'),
    countTokens: db.prepare<[], number>('SELECT count(*) FROM admin_tokens').pluck(),
    addSession: db.prepare('INSERT INTO admin_sessions (hash, name, expires_at) VALUES (?, ?, ?)'),
    session: db.prepare<[string, number], { name: string; expires_at: number }>(
      'SELECT name, expires_at FROM admin_sessions WHERE hash = ? AND expires_at > ?',
    ),
    expire: db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?'),
    deleteSession: db.prepare('DELETE FROM admin_sessions WHERE hash = ?'),
    audit: db.prepare('INSERT INTO admin_audit (at, who, action, target) VALUES (?, ?, ?, ?)'),
    trim: db.prepare(
      'DELETE FROM admin_audit WHERE seq <= (SELECT seq FROM admin_audit ORDER BY seq DESC LIMIT 1 OFFSET ?)',
    ),
    log: db.prepare<[number], AuditEntry>(
      'SELECT at, who, action, target FROM admin_audit ORDER BY seq DESC LIMIT ?',
    ),
  }
  return {
    addToken: (t) => guard(() => void q.addToken.run(t.id, t.name, t.hash, t.createdAt)),
    findTokenByHash: (hash) =>
      guard(() => {
        const row = q.tokenByHash.get(hash)
        return row ? { id: row.id, name: row.name, hash: row.hash, createdAt: row.created_at } : null
      }),
    countTokens: () => guard(() => q.countTokens.get()!),
    createSession: (hash, s, now) =>
      guard(() => {
        q.expire.run(now)
        q.addSession.run(hash, s.name, s.expiresAt)
      }),
    session: (hash, now) =>
      guard(() => {
        const row = q.session.get(hash, now)
        return row ? { name: row.name, expiresAt: row.expires_at } : null
      }),
    deleteSession: (hash) => guard(() => void q.deleteSession.run(hash)),
    audit: (e) =>
      guard(() => {
        q.audit.run(e.at, e.who, e.action, e.target)
        q.trim.run(AUDIT_KEPT)
      }),
    auditLog: (limit) => guard(() => q.log.all(limit)),
  }
}

function redisAdmin({ redis, prefix, run }: RedisHandle): AdminStore {
  const tokens = `${prefix}admin:tokens`
  const sessionKey = (hash: string) => `${prefix}admin:session:${hash}`
  const audit = `${prefix}admin:audit`
  return {
    addToken: (t) => run(async () => void (await redis.hset(tokens, t.hash, JSON.stringify(t)))),
    findTokenByHash: (hash) =>
      run(async () => {
        const json = await redis.hget(tokens, hash)
        return json ? (JSON.parse(json) as AdminTokenRecord) : null
      }),
    countTokens: () => run(() => redis.hlen(tokens)),
    createSession: (hash, s, now) =>
      run(async () => {
        const ttl = Math.max(1, s.expiresAt - now)
        await redis.set(sessionKey(hash), JSON.stringify(s), 'PX', ttl)
      }),
    session: (hash, now) =>
      run(async () => {
        const json = await redis.get(sessionKey(hash))
        const s = json ? (JSON.parse(json) as AdminSession) : null
        return s && s.expiresAt > now ? s : null
      }),
    deleteSession: (hash) => run(async () => void (await redis.del(sessionKey(hash)))),
    audit: (e) =>
      run(async () => {
        await redis
          .multi()
          .lpush(audit, JSON.stringify(e))
          .ltrim(audit, 0, AUDIT_KEPT - 1)
          .exec()
      }),
    auditLog: (limit) =>
      run(async () =>
        (await redis.lrange(audit, 0, limit - 1)).map((json) => JSON.parse(json) as AuditEntry),
      ),
  }
}

export const adminSlice = defineSlice<AdminStore>({
  name: 'admin',
  embedded: embeddedAdmin,
  redis: redisAdmin,
})
