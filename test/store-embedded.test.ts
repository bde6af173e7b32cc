import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
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
    for (let i = 0; i < 3000; i++) await store.seenDigest(`old${i}`, 1000, T0)
    for (let i = 0; i < 3000; i++) await store.seenDigest(`new${i}`, 60_000, T0 + 2000)
    await store.close()
    const db = new Database(join(dir, 'huma.sqlite'), { readonly: true })
    const count = (pattern: string) =>
      db.prepare<[string], number>('SELECT count(*) FROM digests WHERE digest LIKE ?').pluck().get(pattern)
    expect({ old: count('old%'), new: count('new%') }).toEqual({ old: 0, new: 3000 })
    db.close()
  })
})
