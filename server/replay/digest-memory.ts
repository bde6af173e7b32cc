/**
 * What the embedded replay slice (store-embedded.ts) knows of its `digests` table without reading it, so
 * that most sightings cost no SELECT. Exact only because one process writes the table (one server per
 * data dir, docs/operations.md; the admin CLI never touches digests):
 *
 * - Recent rows: up to RECENT_ROWS rows read from the table, kept as they are there through every write
 *   (renewed in place, replaced when started over), the oldest dropped first. A digest sighted a second
 *   time is read once; a near duplicate of a recent payload, a client's retries, a replayer's copies then
 *   find their rows here. A fresh payload's new rows are not kept: they would push these out. A row the
 *   sweep deletes is dropped, and a turn whose commit fails drops them all.
 * - Expiry slots: FILTER_SLOTS 32-bit slots, each the latest expiry (in seconds, rounded up) of any digest
 *   that hashes to it, filled from the table (read a slice at a time from the first sighting on:
 *   until the last slice, no digest is called absent) and raised by every write. A digest with a slot at
 *   or before `now` has no live row (absent or expired: a sighting treats both alike), so a fresh
 *   payload's digests skip the read. Slots are never lowered, so a row's expiry alone clears them: no
 *   rebuild. With many live digests more of them share slots and need a read (about 5% at half a million
 *   live digests, 18% at a million).
 */

/** The rows kept: about 10 MB of heap (a row is two strings of 30-40 characters and two numbers). */
export const RECENT_ROWS = 32_768
/** 2^22 slots of 4 bytes: 16 MB */
export const FILTER_SLOTS = 1 << 22
const PROBES = 4
const LINE_SLOTS = 16
const HASHED_CHARS = 10
const NEVER_EXPIRES = 0xffffffff

/** A row of the table: the digest, its expiry, its first sender and first sighting. */
export type Stored = [digest: string, expiresAt: number, sender: string, at: number]

export interface DigestMemory {
  /** the row of `digest` as it is in the table, if it is among the recent ones */
  row(digest: string): Stored | undefined
  /** every row of the table has been raised (until then mayBeLive is always true) */
  learned(): void
  /** false when `digest` surely has no row live at `now` */
  mayBeLive(digest: string, now: number): boolean
  /** a row of `digest` that expires at `expiresAt` is (or may be) in the table */
  raise(digest: string, expiresAt: number): void
  /** `row` is in the table as it is (just read): kept, the oldest dropped past RECENT_ROWS */
  remember(row: Stored): void
  /** `row` is in the table as it is (just written): replaces the one kept, if any */
  replace(row: Stored): void
  /** `digest`'s row was deleted */
  forget(digest: string): void
  /** what this turn wrote may not be in the table (its commit failed): forget every row */
  forgetRows(): void
}

/**
 * The digest's PROBES slots, all in one line of LINE_SLOTS (64 bytes, one cache line: one miss per digest,
 * not one per probe): the line from one 32-bit FNV-1a hash of its last HASHED_CHARS characters, the slots in
 * it from another. The verify route's digests end in base64url of SHA-256 (60 random bits in 10
 * characters); two digests alike there only share slots, and one of them then costs a read.
 */
function probes(digest: string, out: Uint32Array): void {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = Math.max(0, digest.length - HASHED_CHARS); i < digest.length; i++) {
    const c = digest.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
  }
  h1 ^= h1 >>> 15
  h2 ^= h2 >>> 13
  const line = (h1 & (FILTER_SLOTS / LINE_SLOTS - 1)) * LINE_SLOTS
  for (let i = 0; i < PROBES; i++) out[i] = line + ((h2 >>> (4 * i)) & (LINE_SLOTS - 1))
}

/** The expiry as a slot holds it: seconds, rounded up, so that slot * 1000 is never before it. */
const slotOf = (expiresAt: number) =>
  expiresAt <= 0 ? 0 : expiresAt >= NEVER_EXPIRES * 1000 ? NEVER_EXPIRES : Math.ceil(expiresAt / 1000)

export function createDigestMemory(): DigestMemory {
  const recent = new Map<string, Stored>()
  // the digests in the order they came into `recent`, the oldest overwritten (and dropped from it) first:
  // a Map's own first key is found by skipping every entry deleted before it, which at this size costs
  // more than the read it saves
  const order: string[] = Array<string>(RECENT_ROWS).fill('')
  let next = 0
  const slots = new Uint32Array(FILTER_SLOTS)
  const at = new Uint32Array(PROBES)
  let learned = false
  return {
    row: (digest) => recent.get(digest),
    learned: () => void (learned = true),
    mayBeLive(digest, now) {
      if (!learned) return true
      probes(digest, at)
      for (let i = 0; i < PROBES; i++) {
        const slot = slots[at[i]!]!
        if (slot !== NEVER_EXPIRES && slot * 1000 <= now) return false
      }
      return true
    },
    raise(digest, expiresAt) {
      const expiry = slotOf(expiresAt)
      probes(digest, at)
      for (let i = 0; i < PROBES; i++) if (slots[at[i]!]! < expiry) slots[at[i]!] = expiry
    },
    replace(row) {
      if (recent.has(row[0])) recent.set(row[0], row)
    },
    remember(row) {
      const digest = row[0]
      if (recent.has(digest)) {
        recent.set(digest, row)
        return
      }
      // a digest forgotten since it came in may have come in again: dropped early then, never kept late
      recent.delete(order[next]!)
      order[next] = digest
      next = (next + 1) % RECENT_ROWS
      recent.set(digest, row)
    },
    forget: (digest) => void recent.delete(digest),
    forgetRows: () => recent.clear(),
  }
}
