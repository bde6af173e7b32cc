/**
 * The embedded store's SQLite file, as every embedded slice sees it: the connection, `guard` for reads
 * and single statements, and `write` for the group-committed writes (group-commit.ts). One server process
 * per data dir; the admin CLI may open the same file alongside it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { makePrivateDir, makePrivateFile } from '../private-files.ts'
import { startCheckpointer } from './checkpointer.ts'
import { groupCommit } from './group-commit.ts'
import { StoreUnavailableError } from './types.ts'

export interface EmbeddedDb {
  readonly db: Database.Database
  /** runs `run` now; a SQLite failure (locked, I/O, closed) becomes StoreUnavailableError (503) */
  guard<T>(run: () => T): Promise<T>
  /** runs `run` in this event-loop turn's one transaction; settles once it is committed */
  write<T>(run: () => T): Promise<T>
  /** `run` is called when the store closes (in-memory state a slice keeps) */
  onClose(run: () => void): void
}

export interface EmbeddedOptions {
  /** the checkpoint thread's script (tests give a broken or a slow one) */
  checkpointWorker?: URL
}

export interface OpenedDb extends EmbeddedDb {
  ping(): Promise<void>
  close(): Promise<void>
}

export function openSqlite(dataDir: string, options: EmbeddedOptions = {}): OpenedDb {
  makePrivateDir(dataDir)
  const file = join(dataDir, 'huma.sqlite')
  // the file holds the signing keys and the userId secret: 0600 before SQLite writes anything, and the
  // log and shared-memory files SQLite makes beside it take the same mode from it
  makePrivateFile(file)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  for (const extra of [`${file}-wal`, `${file}-shm`]) if (existsSync(extra)) makePrivateFile(extra)
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 2000')

  let closed = false
  let closing: Promise<void> | null = null
  const closers: (() => void)[] = []

  const guard = <T>(run: () => T): Promise<T> => {
    try {
      if (closed) throw new Error('store closed')
      return Promise.resolve(run())
    } catch (cause) {
      return Promise.reject(new StoreUnavailableError('embedded store failed', { cause }))
    }
  }

  const checkpointer = startCheckpointer(db, {
    file,
    release: () => flush(),
    ...(options.checkpointWorker ? { workerUrl: options.checkpointWorker } : {}),
  })
  const { write, flush } = groupCommit(db, () => closed, checkpointer)

  return {
    db,
    guard,
    write,
    onClose: (run) => void closers.push(run),
    ping: () => guard(() => void db.prepare('SELECT 1').get()),
    close: () =>
      (closing ??= (async () => {
        await checkpointer.close()
        flush()
        closed = true
        for (const run of closers) run()
        db.close()
      })()),
  }
}
