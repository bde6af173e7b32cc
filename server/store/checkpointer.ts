/**
 * Checkpoints for the embedded store, off the event loop. SQLite's own checkpoints run inside a commit
 * on the committing thread, and most of their time is waiting for the disk to sync the log and the
 * file: every few thousand requests the server stood still for 15 ms or more. Here a worker thread with
 * a connection of its own copies the log into the file while the server goes on committing.
 *
 * Copying alone never lets the log start over under steady writes, since new commits always land
 * behind a checkpoint that is running. So once the log is RESTART_FRAMES long, commits are held for
 * one more checkpoint, short because the one before it did the bulk; the next commit then starts the
 * log from the beginning. If the worker cannot run, SQLite checkpoints in the server again as it did
 * before (wal_autocheckpoint): slower, nothing lost.
 */
import { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'

/** A checkpoint at most this often while commits keep coming. */
const CHECKPOINT_EVERY_MS = 50
/** Log length (pages) at which commits are held for a checkpoint that lets the log start over: SQLite's default. */
export const RESTART_FRAMES = 1000
/** Commits are never held longer than this, whatever the worker is doing. */
const HOLD_MAX_MS = 50

interface CheckpointResult {
  busy: number
  log: number
  checkpointed: number
}

export interface Checkpointer {
  /** a transaction was committed */
  committed(): void
  /** while true, commits wait; `release` is called when they may go on */
  held(): boolean
  close(): Promise<void>
}

export interface CheckpointerOptions {
  /** the database file, opened again by the worker */
  file: string
  /** called when held commits may go on */
  release: () => void
  /** the worker's script (tests give a broken one) */
  workerUrl?: URL
}

export function startCheckpointer(
  db: Database,
  { file, release, workerUrl = new URL('./checkpoint-worker.mjs', import.meta.url) }: CheckpointerOptions,
): Checkpointer {
  db.pragma('wal_autocheckpoint = 0')
  let worker: Worker | null = null
  let timer: NodeJS.Timeout | null = null
  let holdTimer: NodeJS.Timeout | null = null
  let running = false
  let dirty = false
  let failed = false
  let closing = false

  const unhold = () => {
    if (!holdTimer) return
    clearTimeout(holdTimer)
    holdTimer = null
    release()
  }

  const fail = (error: unknown) => {
    if (failed || closing) return
    failed = true
    running = false
    db.pragma('wal_autocheckpoint = 1000')
    unhold()
    process.stderr.write(
      `Huma: the embedded store's checkpoint thread stopped (${(error as Error)?.message ?? error}); ` +
        'checkpoints run in the server again.\n',
    )
  }

  const start = (): Worker => {
    const w = new Worker(workerUrl, { workerData: { file } })
    w.unref()
    w.on('message', finished)
    w.on('error', fail)
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)))
    return w
  }

  const run = () => {
    timer = null
    if (failed || closing) return
    dirty = false
    running = true
    worker ??= start()
    worker.postMessage('checkpoint')
  }

  const schedule = () => {
    if (timer || running || failed || closing) return
    timer = setTimeout(run, CHECKPOINT_EVERY_MS)
    timer.unref()
  }

  function finished(result: CheckpointResult) {
    running = false
    if (closing) return
    if (holdTimer) {
      unhold()
    } else if (result.log >= RESTART_FRAMES) {
      holdTimer = setTimeout(unhold, HOLD_MAX_MS)
      run()
      return
    }
    if (!dirty) return
    // a log filling this fast is copied back to back, so that it is held near RESTART_FRAMES
    if (result.log >= RESTART_FRAMES / 2) run()
    else schedule()
  }

  return {
    committed: () => {
      dirty = true
      schedule()
    },
    held: () => holdTimer !== null,
    close: async () => {
      closing = true
      if (timer) clearTimeout(timer)
      unhold()
      if (!worker || failed) return
      const exited = new Promise((resolve) => worker!.once('exit', resolve))
      worker.postMessage('close')
      await exited
    },
  }
}
