/** The hosted slice on the embedded store's SQLite file: tables of its own, the same connection. */
import type { Database } from 'better-sqlite3'
import type { DataRequestType } from '../../../shared/contracts/verifyyou.ts'
import { StoreUnavailableError } from '../../store/types.ts'
import { enqueueInSqlite } from '../../webhooks/outbox.ts'
import {
  DEFAULT_KEY_SETTINGS,
  type CompletionOutcome,
  type HostedStore,
  type HostedUser,
  type KeySettings,
} from './types.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hosted_users (
  user_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, ref_hash TEXT NOT NULL, ref_sealed TEXT, region_id TEXT,
  data_request TEXT NOT NULL, redirect_url TEXT, state TEXT, created_at INTEGER NOT NULL,
  code_hash TEXT NOT NULL UNIQUE, code_expires_at INTEGER NOT NULL, code_used_at INTEGER,
  score INTEGER, fulfillment_s INTEGER, unique_human_id TEXT, completed_at INTEGER,
  UNIQUE (key_id, ref_hash));
CREATE INDEX IF NOT EXISTS hosted_users_by_key ON hosted_users (key_id, created_at);
CREATE TABLE IF NOT EXISTS hosted_key_settings (key_id TEXT PRIMARY KEY, settings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hosted_passkeys (
  credential_hash TEXT PRIMARY KEY, public_key TEXT NOT NULL, counter INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS hosted_region_claims (
  scope TEXT NOT NULL, unique_human_id TEXT NOT NULL, user_id TEXT NOT NULL,
  PRIMARY KEY (scope, unique_human_id));
`

interface UserRow {
  user_id: string
  key_id: string
  ref_hash: string
  ref_sealed: string | null
  region_id: string | null
  data_request: string
  redirect_url: string | null
  state: string | null
  created_at: number
  code_hash: string
  code_expires_at: number
  code_used_at: number | null
  score: number | null
  fulfillment_s: number | null
  unique_human_id: string | null
  completed_at: number | null
}

const toUser = (r: UserRow): HostedUser => ({
  userId: r.user_id,
  keyId: r.key_id,
  refHash: r.ref_hash,
  refSealed: r.ref_sealed,
  regionId: r.region_id,
  dataRequest: r.data_request as DataRequestType,
  redirectUrl: r.redirect_url,
  state: r.state,
  createdAt: r.created_at,
  codeHash: r.code_hash,
  codeExpiresAt: r.code_expires_at,
  codeUsedAt: r.code_used_at,
  result:
    r.completed_at === null
      ? null
      : {
          humannessScore: r.score ?? 0,
          fulfillmentTimeS: r.fulfillment_s ?? 0,
          uniqueHumanId: r.unique_human_id,
          completedAt: r.completed_at,
        },
})

export function openEmbeddedHostedStore(db: Database): HostedStore {
  db.exec(SCHEMA)
  const q = {
    byRef: db.prepare<[string, string], UserRow>(
      'SELECT * FROM hosted_users WHERE key_id = ? AND ref_hash = ?',
    ),
    byCode: db.prepare<[string], UserRow>('SELECT * FROM hosted_users WHERE code_hash = ?'),
    byKey: db.prepare<[string, number, number], UserRow>(
      'SELECT * FROM hosted_users WHERE key_id = ? ORDER BY created_at DESC, user_id DESC LIMIT ? OFFSET ?',
    ),
    upsert: db.prepare(
      `INSERT INTO hosted_users (user_id, key_id, ref_hash, ref_sealed, region_id, data_request, redirect_url,
         state, created_at, code_hash, code_expires_at)
       VALUES (@userId, @keyId, @refHash, @refSealed, @regionId, @dataRequest, @redirectUrl, @state, @createdAt,
         @codeHash, @codeExpiresAt)
       ON CONFLICT (key_id, ref_hash) DO UPDATE SET ref_sealed = excluded.ref_sealed, region_id = excluded.region_id,
         data_request = excluded.data_request, redirect_url = excluded.redirect_url, state = excluded.state,
         code_hash = excluded.code_hash, code_expires_at = excluded.code_expires_at, code_used_at = NULL`,
    ),
    spend: db.prepare(
      `UPDATE hosted_users SET code_used_at = @now, ref_sealed = NULL, score = @score, fulfillment_s = @fulfillment,
         unique_human_id = @uniqueHumanId, completed_at = @now
       WHERE code_hash = @codeHash AND code_used_at IS NULL AND code_expires_at > @now`,
    ),
    claimOf: db.prepare<[string, string], { user_id: string }>(
      'SELECT user_id FROM hosted_region_claims WHERE scope = ? AND unique_human_id = ?',
    ),
    claim: db.prepare(
      'INSERT OR IGNORE INTO hosted_region_claims (scope, unique_human_id, user_id) VALUES (?, ?, ?)',
    ),
    settings: db.prepare<[string], { settings: string }>(
      'SELECT settings FROM hosted_key_settings WHERE key_id = ?',
    ),
    putSettings: db.prepare(
      `INSERT INTO hosted_key_settings (key_id, settings) VALUES (?, ?)
       ON CONFLICT (key_id) DO UPDATE SET settings = excluded.settings`,
    ),
    passkey: db.prepare<[string], { public_key: string; counter: number }>(
      'SELECT public_key, counter FROM hosted_passkeys WHERE credential_hash = ?',
    ),
    putPasskey: db.prepare(
      `INSERT INTO hosted_passkeys (credential_hash, public_key, counter) VALUES (?, ?, ?)
       ON CONFLICT (credential_hash) DO UPDATE SET counter = max(counter, excluded.counter)`,
    ),
  }

  const guard = <T>(run: () => T): Promise<T> => {
    try {
      return Promise.resolve(run())
    } catch (cause) {
      return Promise.reject(new StoreUnavailableError('embedded store failed', { cause }))
    }
  }
  const readSettings = (keyId: string): KeySettings => {
    const row = q.settings.get(keyId)
    return row
      ? { ...DEFAULT_KEY_SETTINGS, ...(JSON.parse(row.settings) as Partial<KeySettings>) }
      : { ...DEFAULT_KEY_SETTINGS }
  }

  const complete = db.transaction(
    ({ codeHash, result, now, claim, event }: Parameters<HostedStore['complete']>[0]): CompletionOutcome => {
      const row = q.byCode.get(codeHash)
      if (!row) return { ok: false, why: 'DOES_NOT_EXIST' }
      if (row.code_used_at !== null) return { ok: false, why: 'INVITE_ALREADY_USED' }
      if (row.code_expires_at <= now) return { ok: false, why: 'INVITE_EXPIRED' }
      if (claim) {
        const holder = q.claimOf.get(claim.scope, claim.uniqueHumanId)
        if (holder && holder.user_id !== row.user_id) return { ok: false, why: 'ALREADY_VERIFIED_IN_REGION' }
        q.claim.run(claim.scope, claim.uniqueHumanId, row.user_id)
      }
      q.spend.run({
        codeHash,
        now,
        score: result.humannessScore,
        fulfillment: result.fulfillmentTimeS,
        uniqueHumanId: result.uniqueHumanId,
      })
      if (event) enqueueInSqlite(db, event)
      return { ok: true, user: toUser(q.byCode.get(codeHash)!) }
    },
  )

  return {
    register: (user) =>
      guard(() => {
        q.upsert.run(user)
        return toUser(q.byRef.get(user.keyId, user.refHash)!)
      }),
    findByRef: (keyId, refHash) =>
      guard(() => {
        const row = q.byRef.get(keyId, refHash)
        return row ? toUser(row) : null
      }),
    findByCode: (codeHash) =>
      guard(() => {
        const row = q.byCode.get(codeHash)
        return row ? toUser(row) : null
      }),
    listUsers: (keyId, { offset, limit }) => guard(() => q.byKey.all(keyId, limit, offset).map(toUser)),
    complete: (completion) => guard(() => complete(completion)),
    keySettings: (keyId) => guard(() => readSettings(keyId)),
    setKeySettings: (keyId, settings) =>
      guard(() => {
        const next = { ...readSettings(keyId), ...settings }
        q.putSettings.run(keyId, JSON.stringify(next))
        return next
      }),
    passkey: (credentialHash) =>
      guard(() => {
        const row = q.passkey.get(credentialHash)
        return row ? { publicKey: row.public_key, counter: row.counter } : null
      }),
    savePasskey: (credentialHash, passkey) =>
      guard(() => void q.putPasskey.run(credentialHash, passkey.publicKey, passkey.counter)),
  }
}
