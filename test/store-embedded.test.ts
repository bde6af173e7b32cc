import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { RESTART_FRAMES } from '../server/store/checkpointer.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { StoreUnavailableError } from '../server/store/types.ts'
import type { Store } from '../server/store/types.ts'
import { ROOT } from './helpers/processes.ts'

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

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

  it('writes nothing for a payload seen again within a 64th of its TTL, and renews it after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    const store = openEmbeddedStore(dir)
    const T0 = Date.UTC(2026, 10, 1)
    const TTL = 64_000
    const sightings = Array.from({ length: 33 }, (_, i) => ({ digest: `near:${i}`, sender: 'alice' }))
    await store.sightDigests(sightings, TTL, T0)
    // a second connection sees data_version move only when another one commits a change
    const reader = new Database(join(dir, 'huma.sqlite'), { readonly: true })
    const version = () => reader.pragma('data_version', { simple: true })
    const before = version()
    const again = sightings.map((s) => ({ ...s, sender: 'bob' }))
    expect(await store.sightDigests(again, TTL, T0 + 999)).toEqual(
      sightings.map(() => ({ sender: 'alice', at: T0 })),
    )
    expect(version()).toBe(before)
    await store.sightDigests(again, TTL, T0 + 1001)
    expect(version()).not.toBe(before)
    reader.close()
    await store.close()
  })
})

describe('embedded store: replay digests it answers from memory', () => {
  const T0 = Date.UTC(2026, 10, 1)
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    return dir
  }

  it('knows the digests of a data dir it reopens, before and after reading them into memory', async () => {
    const dir = newDir()
    const first = openEmbeddedStore(dir)
    const earlier = ['near:a', 'near:b'].map((digest) => ({ digest, sender: 'alice' }))
    await first.sightDigests(earlier, 60_000, T0)
    await first.close()
    const again = openEmbeddedStore(dir)
    expect(await again.sightDigest('near:a', 'bob', 60_000, T0 + 10)).toEqual({ sender: 'alice', at: T0 })
    expect(await again.sightDigest('near:c', 'bob', 60_000, T0 + 10)).toBeNull()
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(await again.sightDigest('near:b', 'bob', 60_000, T0 + 20)).toEqual({ sender: 'alice', at: T0 })
    expect(await again.sightDigest('near:d', 'bob', 60_000, T0 + 20)).toBeNull()
    await again.close()
  })

  it('finds every digest of a reopened data dir while it is still reading them into memory', async () => {
    const dir = newDir()
    const first = openEmbeddedStore(dir)
    for (let i = 0; i < 6000; i += 500) {
      const batch = Array.from({ length: 500 }, (_, j) => ({ digest: `near:${i + j}`, sender: 'alice' }))
      await first.sightDigests(batch, 60_000, T0)
    }
    await first.close()
    const again = openEmbeddedStore(dir)
    // the first sighting starts the reading, a slice of rows per turn
    expect(await again.sightDigest('near:0', 'bob', 60_000, T0 + 5)).toEqual({ sender: 'alice', at: T0 })
    await new Promise((resolve) => setImmediate(resolve))
    const last = ['near:5999', 'near:4001', 'near:2500'].map((digest) => ({ digest, sender: 'bob' }))
    expect(await again.sightDigests(last, 60_000, T0 + 10)).toEqual(
      last.map(() => ({ sender: 'alice', at: T0 })),
    )
    await again.close()
  })

  it('finds a digest the sweep deleted gone, even on a clock that went back before its expiry', async () => {
    const store = openEmbeddedStore(newDir())
    await store.sightDigest('gone', 'alice', 1000, T0)
    expect(await store.sightDigest('gone', 'bob', 1000, T0 + 10)).toEqual({ sender: 'alice', at: T0 })
    // the 100th write sweeps the first rowids, where `gone` expired at T0 + 1000
    const later = Array.from({ length: 120 }, (_, i) => ({ digest: `later${i}`, sender: 'bob' }))
    await store.sightDigests(later, 60_000, T0 + 5000)
    expect(await store.sightDigest('gone', 'carol', 1000, T0 + 500)).toBeNull()
    await store.close()
  })

  it('takes what a turn that failed to commit would have written as never written', async () => {
    const dir = newDir()
    const store = openEmbeddedStore(dir)
    await store.sightDigest('lost', 'alice', 1000, T0)
    expect(await store.sightDigest('lost', 'bob', 1000, T0 + 10)).toEqual({ sender: 'alice', at: T0 })
    const other = new Database(join(dir, 'huma.sqlite'))
    other.exec('BEGIN IMMEDIATE') // holds the write lock past the store's busy timeout
    // alice's row has expired: carol's sighting would start it over, but its commit fails
    await expect(store.sightDigest('lost', 'carol', 1000, T0 + 2000)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
    other.exec('ROLLBACK')
    other.close()
    expect(await store.sightDigest('lost', 'dan', 1000, T0 + 2010)).toBeNull()
    expect(await store.sightDigest('lost', 'erin', 1000, T0 + 2020)).toEqual({ sender: 'dan', at: T0 + 2010 })
    await store.close()
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

describe('embedded store: a data dir from before keys had scopes', () => {
  it('opens it and reads its keys with the default scopes (all but admin) and any origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    const old = new Database(join(dir, 'huma.sqlite'))
    // the table exactly as it was before scopes
    old.exec(`CREATE TABLE api_keys (
      id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, mode TEXT NOT NULL, plan TEXT NOT NULL, name TEXT,
      created_at INTEGER NOT NULL, trial_ends_at INTEGER, revoked_at INTEGER)`)
    old
      .prepare('INSERT INTO api_keys (id, hash, mode, plan, created_at) VALUES (?, ?, ?, ?, ?)')
      .run('key_old', 'c'.repeat(64), 'live', 'starter', 1000)
    old.close()
    const store = openEmbeddedStore(dir)
    expect(await store.findKeyByHash('c'.repeat(64))).toMatchObject({
      id: 'key_old',
      scopes: ['verify', 'hosted', 'stamp', 'trust', 'webhooks'],
      allowedOrigins: [],
    })
    expect(await store.setAllowedOrigins('key_old', ['https://a.example'])).toBe(true)
    expect((await store.listKeys())[0]).toMatchObject({ allowedOrigins: ['https://a.example'] })
    await store.close()
    // and a second opening does not try to add the columns again
    const again = openEmbeddedStore(dir)
    expect((await again.findKeyById('key_old'))?.allowedOrigins).toEqual(['https://a.example'])
    await again.close()
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

describe('embedded store: checkpoints', () => {
  const digest = (i: number) => `replay:${createHash('sha256').update(String(i)).digest('base64url')}`

  /** Writes digests as long as real ones, 100 at a time, pausing between rounds as traffic does. */
  async function writeSteadily(store: Store, n: number) {
    for (let i = 0; i < n; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          store.sightDigest(digest(i + j), 'x'.repeat(32), 60_000, Date.now()),
        ),
      )
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  }

  /** How many times the log has started over from its beginning (the WAL header's checkpoint sequence). */
  const restarts = (wal: string) => readFileSync(wal).readUInt32BE(12)

  const openIn = (dir: string, options: Parameters<typeof openEmbeddedStore>[1] = {}) => {
    const file = join(dir, 'huma.sqlite')
    return { store: openEmbeddedStore(dir, options), file, wal: `${file}-wal` }
  }
  const newDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }

  /** Watches stderr, where the store says that its checkpoint thread stopped. */
  const watchStderr = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true)

  it('copies the log into the database file from its thread, so the log starts over instead of growing', async () => {
    const stderr = watchStderr()
    try {
      const { store, file, wal } = openIn(newDir('huma-store-'))
      await writeSteadily(store, 40_000)
      // SQLite's own checkpoints are off unless the thread stops, which it would have said
      expect(stderr).not.toHaveBeenCalled()
      expect(restarts(wal)).toBeGreaterThanOrEqual(3)
      // this load writes about 160 MiB of log in all: started over, the file keeps a small part of it
      expect(statSync(wal).size).toBeLessThan(20 * RESTART_FRAMES * 4096)
      await store.close()
      const db = new Database(file, { readonly: true })
      expect(db.prepare('SELECT count(*) FROM digests').pluck().get()).toBe(40_000)
      db.close()
    } finally {
      stderr.mockRestore()
    }
  })

  it('lets the log start over on a disk slower than the first limit on holding commits', async () => {
    const dir = newDir('huma-store-')
    const slow = join(dir, 'slow-worker.mjs')
    const real = new URL('../server/store/checkpoint-worker.mjs', import.meta.url).href
    // the real thread, each of whose checkpoints first waits 120 ms (the first limit is 50 ms)
    writeFileSync(
      slow,
      `import { parentPort } from 'node:worker_threads'
       const on = parentPort.on.bind(parentPort)
       parentPort.on = (event, handler) => on(event, (message) => {
         if (message !== 'close') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120)
         handler(message)
       })
       await import(${JSON.stringify(real)})\n`,
    )
    const { store, wal } = openIn(dir, { checkpointWorker: pathToFileURL(slow) })
    await writeSteadily(store, 60_000)
    expect(restarts(wal)).toBeGreaterThanOrEqual(1)
    await store.close()
  })

  it('checkpoints in the server, as SQLite does by default, when the checkpoint thread cannot run', async () => {
    const dir = newDir('huma-store-')
    const broken = join(dir, 'broken-worker.mjs')
    writeFileSync(broken, "throw new Error('no checkpoints here')\n")
    const stderr = watchStderr()
    try {
      const { store, wal } = openIn(dir, { checkpointWorker: pathToFileURL(broken) })
      await writeSteadily(store, 40_000)
      expect(restarts(wal)).toBeGreaterThanOrEqual(2)
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/checkpoint thread stopped .*no checkpoints here/)
      await store.close()
    } finally {
      stderr.mockRestore()
    }
  })

  it('closes, thread and all, in a process that nothing else keeps alive', () => {
    const dir = newDir('huma-store-')
    const embedded = new URL('../server/store/embedded.ts', import.meta.url).href
    const script = join(dir, 'close.mjs')
    writeFileSync(
      script,
      `const { openEmbeddedStore } = await import(${JSON.stringify(embedded)})
       const store = openEmbeddedStore(${JSON.stringify(join(dir, 'data'))})
       await store.reserveMonthly('k', '2026-11', 10)
       await new Promise((resolve) => setTimeout(resolve, 600)) // the thread has made its first copy
       await store.close()
       console.log('closed')\n`,
    )
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('closed\n')
  })
})
