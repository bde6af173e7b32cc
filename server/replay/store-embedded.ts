/** The replay slice on the SQLite file: the `digests` table. */
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
  }

  let digestWrites = 0
  let sweptUpTo = 0
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

  return {
    sightDigest: (digest, sender, ttlMs, now) => write(() => sightDigest(digest, sender, ttlMs, now)),
    sightDigests: (sightings, ttlMs, now) =>
      write(() => sightings.map(({ digest, sender }) => sightDigest(digest, sender, ttlMs, now))),
  }
}
