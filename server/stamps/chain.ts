/**
 * The stamp log's hash chain: each entry's hash is SHA-256(prev hash + "\n" + the canonical entry), so
 * changing, removing or reordering any entry changes every hash after it and the signed head no longer
 * matches. The stores append with `linkEntry`; the CLI and auditors re-walk with `walkChain`.
 */
import { createHash } from 'node:crypto'
import { GENESIS_HASH, type StampLogEntry } from '../../shared/contracts/stamps.ts'

/** What an entry says, before it is linked. */
export type EntryFields = Omit<StampLogEntry, 'prev' | 'hash'>

/** The entry's canonical text: these keys, in this order, as JSON (no spaces). */
export function canonicalEntry(e: EntryFields): string {
  return JSON.stringify({
    seq: e.seq,
    kind: e.kind,
    stamp_id: e.stamp_id,
    content_hash: e.content_hash,
    creator: e.creator,
    at: e.at,
  })
}

export function entryHash(prev: string, fields: EntryFields): string {
  return createHash('sha256')
    .update(`${prev}\n${canonicalEntry(fields)}`)
    .digest('hex')
}

/** The chain's head: its size and its last entry's hash and time. */
export interface ChainHead {
  size: number
  hash: string
  /** epoch ms of the last entry; null when empty */
  at: number | null
}

export const EMPTY_HEAD: ChainHead = { size: 0, hash: GENESIS_HASH, at: null }

/** The next entry after `head`: numbered, linked, and never timed before the entry it follows. */
export function linkEntry(head: ChainHead, fields: Omit<EntryFields, 'seq'>): StampLogEntry {
  const entry = { ...fields, seq: head.size + 1, at: Math.max(fields.at, head.at ?? fields.at) }
  return { ...entry, prev: head.hash, hash: entryHash(head.hash, entry) }
}

export type WalkResult = { ok: true; head: ChainHead } | { ok: false; seq: number; problem: string }

/**
 * Re-walks entries from the first: each numbered one more than the last, linked to the hash before it,
 * hashed as it says, and not timed before the one before. Answers the head it arrives at.
 */
export function walkChain(entries: Iterable<StampLogEntry>): WalkResult {
  let head = EMPTY_HEAD
  for (const e of entries) {
    const expected = head.size + 1
    if (e.seq !== expected)
      return { ok: false, seq: expected, problem: `entry ${expected} is missing (found ${e.seq} instead)` }
    if (e.prev !== head.hash)
      return { ok: false, seq: e.seq, problem: `entry ${e.seq} does not link to the entry before it` }
    if (entryHash(e.prev, e) !== e.hash)
      return { ok: false, seq: e.seq, problem: `entry ${e.seq} was altered: its hash does not match` }
    if (head.at !== null && e.at < head.at)
      return { ok: false, seq: e.seq, problem: `entry ${e.seq} is timed before the entry before it` }
    head = { size: e.seq, hash: e.hash, at: e.at }
  }
  return { ok: true, head }
}
