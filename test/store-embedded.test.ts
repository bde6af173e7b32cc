import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { StoreUnavailableError } from '../server/store/types.ts'
import type { Store } from '../server/store/types.ts'
import { storeContract } from './store-contract.ts'

const dirs: string[] = []
const dirOf = new WeakMap<Store, string>()
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

storeContract(
  'embedded',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    const store = openEmbeddedStore(dir)
    dirOf.set(store, dir)
    return store
  },
  { twin: async (store) => openEmbeddedStore(dirOf.get(store)!) },
)

describe('embedded store: replay digest rows', () => {
  it('deletes the rows of expired digests as new ones are written, keeping every live one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    const store = openEmbeddedStore(dir)
    const T0 = Date.UTC(2026, 10, 1)
    for (let i = 0; i < 3000; i++) await store.sightDigest(`old${i}`, 's', 1000, T0)
    for (let i = 0; i < 3000; i++) await store.sightDigest(`new${i}`, 's', 60_000, T0 + 2000)
    await store.close()
    const db = new Database(join(dir, 'huma.sqlite'), { readonly: true })
    const count = (pattern: string) =>
      db.prepare<[string], number>('SELECT count(*) FROM digests WHERE digest LIKE ?').pluck().get(pattern)
    expect({ old: count('old%'), new: count('new%') }).toEqual({ old: 0, new: 3000 })
    db.close()
  })
})

describe('embedded store: a data dir from before digests kept their first sender', () => {
  it('opens it and still knows its digests, sent by nobody a sighting can be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    const T0 = Date.UTC(2026, 10, 1)
    const old = new Database(join(dir, 'huma.sqlite'))
    old.exec(`CREATE TABLE digests (
      digest TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, seen INTEGER NOT NULL DEFAULT 0)`)
    old.prepare('INSERT INTO digests (digest, expires_at) VALUES (?, ?)').run('replay:x', T0 + 60_000)
    old.close()
    const store = openEmbeddedStore(dir)
    expect(await store.sightDigest('replay:x', 'alice', 60_000, T0)).toEqual({ sender: '', at: 0 })
    expect(await store.sightDigest('replay:y', 'alice', 60_000, T0)).toBeNull()
    await store.close()
  })
})

describe('embedded store: writes of requests served together', () => {
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    return { store: openEmbeddedStore(dir), file: join(dir, 'huma.sqlite') }
  }

  it('settles each only once it is committed: another connection sees every count it answered', async () => {
    const { store, file } = open()
    const other = new Database(file, { readonly: true })
    const used = () => other.prepare('SELECT used FROM usage WHERE key_id = ?').pluck().get('k')
    const hits = await Promise.all(
      Array.from({ length: 50 }, () => store.reserveMonthly('k', '2026-11', 1000)),
    )
    expect(used()).toBe(50)
    expect(hits.map((h) => h.used).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    other.close()
    await store.close()
  })

  it('fails all of them with StoreUnavailableError when their commit fails, and none is counted', async () => {
    const { store, file } = open()
    const other = new Database(file)
    other.exec('BEGIN IMMEDIATE') // holds the write lock past the store's busy timeout
    const writes = Array.from({ length: 5 }, () => store.reserveMonthly('k', '2026-11', 1000))
    const results = await Promise.allSettled(writes)
    other.exec('ROLLBACK')
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError)).toBe(
      true,
    )
    expect(other.prepare('SELECT count(*) FROM usage').pluck().get()).toBe(0)
    expect((await store.reserveMonthly('k', '2026-11', 1000)).used).toBe(1)
    other.close()
    await store.close()
  })
})
