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
 * A sighting of a digest seen less than a RENEW_SHARE of its TTL ago is not written: its row already
 * expires at least (1 - 1/RENEW_SHARE) of a TTL from now. A payload sent again and again (a replayer's
 * copies, a client's retries) then costs reads, not a rewritten page of the table for each of its digests
 * on every call; a digest is kept for its TTL after its last sighting, give or take that 64th.
 */
export const RENEW_SHARE = 64

/**
 * The upsert of `rows` sightings in one statement (a payload's exact digest and its bands: one statement
 * instead of 33, each a program run, a binding and a result of its own). A row is written when it is new,
 * expired (it starts over with this sighting) or due for renewal, and then answers whether the digest was
 * there unexpired (`seen`) with its first sender and time; a row that is not written answers nothing, and
 * is read by SELECT_SEEN. A digest twice in one statement is sighted twice, in order: the second finds
 * the first.
 */
const upsertSql = (rows: number) =>
  `INSERT INTO digests (digest, expires_at, seen, sender, at) VALUES ${Array(rows).fill('(?, ?, 0, ?, ?)').join(', ')}
   ON CONFLICT (digest) DO UPDATE SET
     seen = (expires_at > excluded.at),
     sender = iif(expires_at > excluded.at, sender, excluded.sender),
     at = iif(expires_at > excluded.at, at, excluded.at),
     expires_at = excluded.expires_at
   WHERE expires_at <= excluded.at
      OR expires_at < excluded.expires_at - (excluded.expires_at - excluded.at) / ${RENEW_SHARE}
   RETURNING digest, seen, sender, at`

/** The first sighting of `rows` digests the upsert left alone (seen, unexpired, renewed lately). */
const selectSeenSql = (rows: number) =>
  `SELECT digest, sender, at FROM digests WHERE digest IN (${Array(rows).fill('?').join(', ')})`

type Written = [digest: string, seen: number, sender: string, at: number]
type Seen = [digest: string, sender: string, at: number]

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
  /** statements of n rows, prepared on first use (1 for a proof of work's nonce, 33 for most payloads) */
  const byRows = <R>(sql: (rows: number) => string) => {
    const prepared = new Map<number, Statement<unknown[], R>>()
    return (rows: number) => {
      let statement = prepared.get(rows)
      if (!statement) prepared.set(rows, (statement = db.prepare<unknown[], R>(sql(rows)).raw()))
      return statement
    }
  }
  const upsert = byRows<Written>(upsertSql)
  const selectSeen = byRows<Seen>(selectSeenSql)

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
    const written = upsert(sightings.length).all(values)
    const answers: (DigestSighting | null)[] = []
    // RETURNING gives the written rows in the order given (matched by digest should it not)
    const unwritten: number[] = []
    let j = 0
    sightings.forEach(({ digest }, i) => {
      const row = written[j]
      if (row?.[0] !== digest) return void unwritten.push(i)
      answers[i] = row[1] === 1 ? { sender: row[2], at: row[3] } : null
      j++
    })
    if (j < written.length) {
      const byDigest = new Map(written.map((row) => [row[0], row]))
      unwritten.length = 0
      sightings.forEach(({ digest }, i) => {
        const row = byDigest.get(digest)
        if (row) answers[i] = row[1] === 1 ? { sender: row[2], at: row[3] } : null
        else unwritten.push(i)
      })
    }
    if (unwritten.length > 0) {
      const seen = new Map<string, Seen>()
      for (const row of selectSeen(unwritten.length).all(unwritten.map((i) => sightings[i]!.digest)))
        seen.set(row[0], row)
      for (const i of unwritten) {
        const row = seen.get(sightings[i]!.digest)!
        answers[i] = { sender: row[1], at: row[2] }
      }
    }
    digestWrites += written.length
    while (digestWrites >= SWEEP_EVERY) {
      digestWrites -= SWEEP_EVERY
      sweep(now)
    }
    return answers
  }

  return {
    sightDigest: (digest, sender, ttlMs, now) =>
      write(() => sightDigests([{ digest, sender }], ttlMs, now)[0]!),
    sightDigests: (sightings, ttlMs, now) => write(() => sightDigests(sightings, ttlMs, now)),
  }
}
