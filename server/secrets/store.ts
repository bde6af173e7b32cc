/**
 * The secrets slice: the audit tokens' signing keys and named server secrets (the userId hash's key,
 * the proof of work's key), created once and shared by every instance. Embedded: two tables in the
 * SQLite file (0600). Redis: `signing-keys` (a HASH) and `secret:<name>`. test/contracts/secrets.ts
 * runs against both.
 */
import type { RedisHandle } from '../store/redis-client.ts'
import { defineSlice } from '../store/slice.ts'
import type { EmbeddedDb } from '../store/sqlite.ts'

export interface SigningKeyRecord {
  kid: string
  /** private JWK as JSON */
  privateJwk: string
  createdAt: number
}

export interface SecretStore {
  /** Audit-token signing keys, oldest first; the newest signs. */
  signingKeys(): Promise<SigningKeyRecord[]>
  addSigningKey(key: SigningKeyRecord): Promise<void>
  /** Removes a signing key for good (it neither signs nor verifies any more); false when there was none. */
  retireSigningKey(kid: string): Promise<boolean>
  /** A named secret, created once by `create` and shared by every instance from then on. */
  secret(name: string, create: () => string): Promise<string>
}

function embeddedSecrets({ db, guard }: EmbeddedDb): SecretStore {
  db.exec(`CREATE TABLE IF NOT EXISTS signing_keys (kid TEXT PRIMARY KEY, private_jwk TEXT NOT NULL, created_at INTEGER NOT NULL);
           CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);`)
  const q = {
    signingKeys: db.prepare<[], { kid: string; private_jwk: string; created_at: number }>(
      'SELECT * FROM signing_keys ORDER BY created_at, kid',
    ),
    addSigningKey: db.prepare('INSERT INTO signing_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)'),
    retireSigningKey: db.prepare('DELETE FROM signing_keys WHERE kid = ?'),
    secret: db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?'),
    putSecret: db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)'),
  }
  return {
    signingKeys: () =>
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
  }
}

/** KEYS[1] = the secret; ARGV = a fresh value, kept only if none exists. Returns the shared value. */
const SECRET = `
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])
`

function redisSecrets({ redis, prefix, run, script }: RedisHandle): SecretStore {
  const signingKeys = `${prefix}signing-keys`
  return {
    signingKeys: () =>
      run(async () => {
        const all = await redis.hgetall(signingKeys)
        return Object.entries(all)
          .map(([kid, json]) => ({ kid, ...(JSON.parse(json) as Omit<SigningKeyRecord, 'kid'>) }))
          .sort((a, b) => a.createdAt - b.createdAt || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0))
      }),
    addSigningKey: (key) =>
      run(async () => {
        const value = JSON.stringify({ privateJwk: key.privateJwk, createdAt: key.createdAt })
        if ((await redis.hsetnx(signingKeys, key.kid, value)) === 0)
          throw new Error(`signing key ${key.kid} exists`)
      }),
    retireSigningKey: (kid) => run(async () => (await redis.hdel(signingKeys, kid)) === 1),
    secret: (name, create) =>
      run(async () => String(await script(SECRET, [`${prefix}secret:${name}`], [create()]))),
  }
}

export const secretsSlice = defineSlice<SecretStore>({
  name: 'secrets',
  embedded: embeddedSecrets,
  redis: redisSecrets,
})
