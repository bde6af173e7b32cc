/** The replay slice on the SQLite file: the `digests` table. */
import type { Statement } from 'better-sqlite3'
import type { EmbeddedDb } from '../store/sqlite.ts'
import { createDigestMemory, type DigestMemory, type Stored } from './digest-memory.ts'
import { RENEW_SHARE } from './renew.ts'
import type { DigestSighting, DigestStore } from './store.ts'

/**
 * Expired digest rows are deleted a slice of rowids at a time, the slices cycling through the table:
 * every SWEEP_EVERY digest writes, the next SWEEP_ROWIDS rowids. A sweep costs the same however large
 * the table (a DELETE by expiry alone scans every row, and at a day's TTL under load that is millions
 * every few seconds), and a slice is four times the rowids the writes since the last one can have
 * added, so each expired row goes within a few cycles. Expiry itself never waits for a sweep: a
 * sighting treats an expired row as unseen, and its write starts the row over.
 */
const SWEEP_EVERY = 100
const SWEEP_ROWIDS = 4 * SWEEP_EVERY

/** Rows of the table read into memory (digest-memory.ts) at a time: a few milliseconds' work. */
const LEARN_ROWS = 2000

/** The rows of `rows` digests, as they are (expired or not). */
const selectSql = (rows: number) =>
  `SELECT digest, expires_at, sender, at FROM digests WHERE digest IN (${Array(rows).fill('?').join(', ')})`

/**
 * The writes of `rows` sightings in one statement: a new digest's row, an expired one's started over
 * with this sighting, an unexpired one's renewed (its first sender and time kept).
 */
const upsertSql = (rows: number) =>
  `INSERT INTO digests (digest, expires_at, seen, sender, at) VALUES ${Array(rows).fill('(?, ?, 0, ?, ?)').join(', ')}
   ON CONFLICT (digest) DO UPDATE SET
     sender = iif(expires_at > excluded.at, sender, excluded.sender),
     at = iif(expires_at > excluded.at, at, excluded.at),
     expires_at = excluded.expires_at`

export function embeddedDigests({ db, write, onClose }: EmbeddedDb): DigestStore {
  // `seen` is no longer read (the sightings read the rows first); kept, so the table is the one earlier
  // versions wrote and read
  db.exec(`CREATE TABLE IF NOT EXISTS digests (
    digest TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, seen INTEGER NOT NULL DEFAULT 0,
    sender TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL DEFAULT 0)`)
  // data dirs from before digests kept their first sender
  const digestColumns = db.prepare<[], { name: string }>('PRAGMA table_info(digests)').all()
  if (!digestColumns.some((c) => c.name === 'sender')) {
    db.exec(`ALTER TABLE digests ADD COLUMN sender TEXT NOT NULL DEFAULT '';
             ALTER TABLE digests ADD COLUMN at INTEGER NOT NULL DEFAULT 0`)
  }
  const q = {
    sweepDigests: db
      .prepare<[{ after: number; upTo: number; now: number }], string>(
        'DELETE FROM digests WHERE rowid > @after AND rowid <= @upTo AND expires_at <= @now RETURNING digest',
      )
      .pluck(),
    lastDigestRowid: db.prepare<[], number | null>('SELECT max(rowid) FROM digests').pluck(),
  }
  /** statements of n rows, prepared on first use (1 for a proof of work's nonce, 33 for most payloads) */
  const byRows = <R>(prepare: (rows: number) => Statement<unknown[], R>) => {
    const prepared = new Map<number, Statement<unknown[], R>>()
    return (rows: number) => {
      let statement = prepared.get(rows)
      if (!statement) prepared.set(rows, (statement = prepare(rows)))
      return statement
    }
  }
  const select = byRows((rows) => db.prepare<unknown[], Stored>(selectSql(rows)).raw())
  const upsert = byRows((rows) => db.prepare<unknown[]>(upsertSql(rows)))

  // every row's expiry, so that a digest with none live is known without a read (digest-memory.ts): from
  // the first sighting on (a CLI that opens the store sights none), a slice of rows per turn of the event
  // loop (a day of digests can be millions of rows, a second or more to read); the rows written meanwhile
  // are raised as they are written
  let memory: DigestMemory | null = null
  const rowsAfter = db
    .prepare<[number, number], [number, string, number]>(
      'SELECT rowid, digest, expires_at FROM digests WHERE rowid > ? ORDER BY rowid LIMIT ?',
    )
    .raw()
  let closed = false
  onClose(() => void (closed = true))
  const learn = (memory: DigestMemory, after: number) => {
    if (closed) return
    let rows: [number, string, number][]
    try {
      rows = rowsAfter.all(after, LEARN_ROWS)
    } catch {
      return // memory then never calls a digest absent: every sighting reads, as it would without it
    }
    for (const [, digest, expiresAt] of rows) memory.raise(digest, expiresAt)
    if (rows.length < LEARN_ROWS) memory.learned()
    else setImmediate(learn, memory, rows[rows.length - 1]![0])
  }
  const inMemory = (): DigestMemory => {
    if (memory) return memory
    memory = createDigestMemory()
    setImmediate(learn, memory, 0)
    return memory
  }

  let digestWrites = 0
  let sweptUpTo = 0
  const sweep = (now: number) => {
    const upTo = sweptUpTo + SWEEP_ROWIDS
    for (const digest of q.sweepDigests.all({ after: sweptUpTo, upTo, now })) memory?.forget(digest)
    sweptUpTo = upTo >= (q.lastDigestRowid.get() ?? 0) ? 0 : upTo
  }

  const sightDigests = (
    sightings: readonly { digest: string; sender: string }[],
    ttlMs: number,
    now: number,
  ): (DigestSighting | null)[] => {
    if (sightings.length === 0) return []
    const memory = inMemory()
    // the rows that memory has, or knows to be absent or expired, then one read of the rest and one write
    // of those that need it: a payload seen before (a replayer's copies, a client's retries) costs the
    // read at most, a fresh one the write alone
    const expiresAt = now + ttlMs
    const renewBefore = expiresAt - ttlMs / RENEW_SHARE
    const rows = new Map<string, Stored | undefined>()
    const unread: string[] = []
    for (const { digest } of sightings) {
      if (rows.has(digest)) continue
      const row = memory.row(digest)
      rows.set(digest, row)
      if (row === undefined && memory.mayBeLive(digest, now)) unread.push(digest)
    }
    if (unread.length > 0) {
      for (const row of select(unread.length).all(unread)) {
        rows.set(row[0], row)
        memory.remember(row)
      }
    }
    const answers: (DigestSighting | null)[] = []
    const writes: unknown[] = []
    for (const sighting of sightings) {
      const digest = sighting.digest
      let row = rows.get(digest)
      if (row && row[1] > now) {
        answers.push({ sender: row[2], at: row[3] })
        if (row[1] >= renewBefore) continue
        row[1] = expiresAt
      } else {
        answers.push(null)
        // a digest given again later in this call finds this sighting
        rows.set(digest, (row = [digest, expiresAt, sighting.sender, now]))
        // memory keeps the rows it read (a renewal changes them in place): a new one only replaces an
        // expired one it holds, so fresh payloads do not push out the rows that are sighted again
        memory.replace(row)
      }
      // a renewal keeps the row's first sender: its own is not read (a lazy sender is not hashed)
      writes.push(digest, expiresAt, row[2], now)
      memory.raise(digest, expiresAt)
    }
    const written = writes.length / 4
    if (written > 0) upsert(written).run(writes)
    digestWrites += written
    while (digestWrites >= SWEEP_EVERY) {
      digestWrites -= SWEEP_EVERY
      sweep(now)
    }
    return answers
  }

  /** a turn whose commit failed left the table as it was: memory's rows may not be there */
  const remembering = <T>(written: Promise<T>): Promise<T> =>
    written.catch((error: unknown) => {
      memory?.forgetRows()
      throw error
    })

  return {
    sightDigest: (digest, sender, ttlMs, now) =>
      remembering(write(() => sightDigests([{ digest, sender }], ttlMs, now)[0]!)),
    sightDigests: (sightings, ttlMs, now) => remembering(write(() => sightDigests(sightings, ttlMs, now))),
  }
}
