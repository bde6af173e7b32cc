/** The replay slice on the SQLite file: the `digests` table. */
import type { Statement } from 'better-sqlite3'
import type { EmbeddedDb } from '../store/sqlite.ts'
import type { DigestSighting, DigestStore } from './store.ts'

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

/**
 * The upsert of `rows` sightings in one statement (a payload's exact digest and its bands: one statement
 * instead of 33, each a VDBE program run, a binding and a result of its own). Each row records its
 * sighting and answers whether the digest was there unexpired (`seen`), and its first sender and time
 * (kept while it is; an expired row starts over with this sighting). A digest twice in one statement is
 * sighted twice, in order: the second finds the first.
 */
const upsertSql = (rows: number) =>
  `INSERT INTO digests (digest, expires_at, seen, sender, at) VALUES ${Array(rows).fill('(?, ?, 0, ?, ?)').join(', ')}
   ON CONFLICT (digest) DO UPDATE SET
     seen = (expires_at > excluded.at),
     sender = iif(expires_at > excluded.at, sender, excluded.sender),
     at = iif(expires_at > excluded.at, at, excluded.at),
     expires_at = excluded.expires_at
   RETURNING digest, seen, sender, at`

type Row = [digest: string, seen: number, sender: string, at: number]

export function embeddedDigests({ db, write }: EmbeddedDb): DigestStore {
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
    sweepDigests: db.prepare<[{ after: number; upTo: number; now: number }]>(
      'DELETE FROM digests WHERE rowid > @after AND rowid <= @upTo AND expires_at <= @now',
    ),
    lastDigestRowid: db.prepare<[], number | null>('SELECT max(rowid) FROM digests').pluck(),
  }
  /** the upsert of n rows, prepared on first use (1 for a proof of work's nonce, 33 for most payloads) */
  const upserts = new Map<number, Statement<unknown[], Row>>()
  const upsert = (rows: number) => {
    let statement = upserts.get(rows)
    if (!statement) upserts.set(rows, (statement = db.prepare<unknown[], Row>(upsertSql(rows)).raw()))
    return statement
  }

  let digestWrites = 0
  let sweptUpTo = 0
  const sweep = (now: number) => {
    q.sweepDigests.run({ after: sweptUpTo, upTo: sweptUpTo + SWEEP_ROWIDS, now })
    sweptUpTo = sweptUpTo + SWEEP_ROWIDS >= (q.lastDigestRowid.get() ?? 0) ? 0 : sweptUpTo + SWEEP_ROWIDS
  }

  const sightDigests = (
    sightings: readonly { digest: string; sender: string }[],
    ttlMs: number,
    now: number,
  ): (DigestSighting | null)[] => {
    if (sightings.length === 0) return []
    const expiresAt = now + ttlMs
    const values: unknown[] = []
    for (const { digest, sender } of sightings) values.push(digest, expiresAt, sender, now)
    const rows = upsert(sightings.length).all(values)
    // RETURNING gives the rows as they were written, which is the order given; matched by digest if not
    if (!rows.every((row, i) => row[0] === sightings[i]!.digest)) {
      const byDigest = new Map(rows.map((row) => [row[0], row]))
      rows.splice(0, rows.length, ...sightings.map(({ digest }) => byDigest.get(digest)!))
    }
    digestWrites += sightings.length
    while (digestWrites >= SWEEP_EVERY) {
      digestWrites -= SWEEP_EVERY
      sweep(now)
    }
    return rows.map(([, seen, sender, at]) => (seen === 1 ? { sender, at } : null))
  }

  return {
    sightDigest: (digest, sender, ttlMs, now) =>
      write(() => sightDigests([{ digest, sender }], ttlMs, now)[0]!),
    sightDigests: (sightings, ttlMs, now) => write(() => sightDigests(sightings, ttlMs, now)),
  }
}
