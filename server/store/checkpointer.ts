/**
 * Checkpoints for the embedded store, off the event loop. SQLite's own checkpoints run inside a commit
 * on the committing thread, and most of their time is waiting for the disk to sync the log and the
 * file: every few thousand requests the server stood still for 15 ms or more. Here a worker thread with
 * a connection of its own copies the log into the file (a PASSIVE checkpoint) while the server goes on
 * committing.
 *
 * Copying alone never lets the log start over under steady writes, since new commits land behind a
 * copy that is running. So once a copy finds the log RESTART_FRAMES long, commits are held for one final
 * copy, short because the one before did the bulk; when it has copied everything, the next commit
 * starts the log from the beginning. A hold ends when that copy does, or after a time limit: a limit
 * that was too short for the disk is doubled for the next hold (up to 800 ms), and after a hold that
 * could not empty the log for another reason (a reader outside Huma holding an old snapshot, or a disk
 * slower than the longest limit) none is tried for a while, longer each time. If the thread cannot
 * run, SQLite checkpoints in the server again as it does by default (wal_autocheckpoint): slower,
 * nothing lost.
 */
import { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'
import type { CommitGate } from './group-commit.ts'

/**
 * A copy this long after the first commit since the last one: sooner while the log grows by more than
 * 100 pages (400 KB) in a quiet interval.
 */
const COPY_AFTER_MS = { quiet: 250, busy: 50 }
const BUSY_PAGES_PER_MS = 100 / COPY_AFTER_MS.quiet
/** Log length (pages) at which commits are held for a copy that lets the log start over: SQLite's default. */
export const RESTART_FRAMES = 1000
/** The first time limit on a hold; doubled after each one that runs out, up to the last. */
const HOLD_LIMIT_MS = [50, 100, 200, 400, 800] as const
/** After a hold that could not empty the log, the wait before the next: doubled each time, up to a minute. */
const BACKOFF_MS = { first: 1000, max: 60_000 }

interface CheckpointResult {
  /** set when the checkpoint failed (it is tried again later) */
  error?: string
  log: number
  checkpointed: number
}

/** The gate of the store's commits (held while the log is emptied; told of each commit), and close(). */
export interface Checkpointer extends CommitGate {
  close(): Promise<void>
}

export interface CheckpointerOptions {
  /** the database file, opened again by the worker */
  file: string
  /** called when held commits may go on */
  release: () => void
  /** the worker's script (tests give a broken or a slow one) */
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
  /** what the worker is doing: nothing, a copy, or the final copy of a hold */
  let inFlight: 'copy' | 'final' | null = null
  let holdStep = 0
  let backoffMs = 0
  let noHoldBefore = 0
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
    inFlight = null
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

  const post = (kind: 'copy' | 'final') => {
    if (timer) clearTimeout(timer)
    timer = null
    inFlight = kind
    dirty = false
    worker ??= start()
    worker.postMessage('checkpoint')
  }

  /** the log's length at the last copy, and when; and whether it grows fast */
  let last = { log: 0, at: 0 }
  let busy = false
  const schedule = () => {
    if (timer || inFlight || failed || closing) return
    timer = setTimeout(
      () => {
        timer = null
        if (!inFlight && !failed && !closing) post('copy')
      },
      busy ? COPY_AFTER_MS.busy : COPY_AFTER_MS.quiet,
    )
    timer.unref()
  }

  const hold = () => {
    holdTimer = setTimeout(() => {
      holdTimer = null // the final copy goes on; when it ends, finished() sees the hold ran out
      release()
    }, HOLD_LIMIT_MS[holdStep])
    post('final')
  }

  function finished(result: CheckpointResult) {
    const kind = inFlight
    inFlight = null
    if (closing || failed) return
    const complete = result.error === undefined && result.checkpointed === result.log
    const now = Date.now()
    // a shorter log than last time has started over since
    const grown = result.log >= last.log ? result.log - last.log : result.log
    busy = grown >= BUSY_PAGES_PER_MS * Math.max(1, now - last.at)
    last = { log: result.log, at: now }
    if (kind === 'final') {
      const inTime = holdTimer !== null
      unhold()
      if (complete && inTime) {
        holdStep = 0
        backoffMs = 0
        last = { log: 0, at: now } // the next commit starts the log over
      } else if (!inTime && holdStep < HOLD_LIMIT_MS.length - 1) {
        holdStep++ // the disk is slower than the limit: the next hold may last longer
      } else {
        // a reader outside Huma holds an old snapshot, or the disk is slower than the longest hold
        backoffMs = Math.min(Math.max(2 * backoffMs, BACKOFF_MS.first), BACKOFF_MS.max)
        noHoldBefore = now + backoffMs
      }
    } else if (complete && result.log >= RESTART_FRAMES && now >= noHoldBefore) {
      hold()
      return
    }
    if (dirty) schedule()
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
      // until it has exited, the worker keeps the process alive, so that what follows close() runs
      worker.ref()
      worker.postMessage('close')
      await exited
    },
  }
}
