/**
 * Group commit for the embedded store's writes: each write waits for the end of the event-loop turn, then
 * all of the turn's writes run in order in one transaction, and each promise settles only once that
 * transaction is committed. An answer still goes out after its count is in the database, but the requests
 * served together pay for one commit instead of one each. If the commit fails, every write of the turn
 * fails with StoreUnavailableError and none of them is kept. While the checkpointer holds commits (for a
 * moment, so that the log can start over), writes wait, and go when it releases them.
 */
import type { Database } from 'better-sqlite3'
import { StoreUnavailableError } from './types.ts'

interface Pending {
  run: () => unknown
  resolve: (value: never) => void
  reject: (error: unknown) => void
}

export interface GroupCommit {
  write<T>(run: () => T): Promise<T>
  /** commits what is pending now (before closing the database) */
  flush(): void
}

/** What the checkpointer needs of the commits (see checkpointer.ts). */
export interface CommitGate {
  /** while true, commits wait; the checkpointer calls flush() when they may go on */
  held(): boolean
  /** a transaction was committed */
  committed(): void
}

export function groupCommit(db: Database, isClosed: () => boolean, gate: CommitGate): GroupCommit {
  let pending: Pending[] = []
  const flush = () => {
    if (gate.held()) return
    const ops = pending
    pending = []
    if (ops.length === 0) return
    let results: unknown[]
    try {
      if (isClosed()) throw new Error('store closed')
      results = db.transaction(() => ops.map((op) => op.run()))()
    } catch (cause) {
      const error = new StoreUnavailableError('embedded store failed', { cause })
      for (const op of ops) op.reject(error)
      return
    }
    gate.committed()
    ops.forEach((op, i) => op.resolve(results[i] as never))
  }
  return {
    write: <T>(run: () => T): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (pending.length === 0) setImmediate(flush)
        pending.push({ run, resolve: resolve as (value: never) => void, reject })
      }),
    flush,
  }
}
