/**
 * The embedded store's checkpointer (see checkpointer.ts): a thread with a connection of its own to
 * the database file, which copies the write-ahead log into the file when asked. A checkpoint's time is
 * mostly waiting for the disk to sync, so here it waits without holding up the server's event loop.
 * Plain JavaScript: a worker thread is started without the TypeScript loader the rest runs under.
 */
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

// The lowest priority for this thread: a checkpoint waits on the disk and can wait for the core too,
// while a request being served should never wait for it. Linux only, which gives each thread its own
// priority; elsewhere this would lower the whole server's.
if (process.platform === 'linux') setPriority(19)

const db = new Database(workerData.file)
db.pragma('synchronous = NORMAL')

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    // PASSIVE: copies what it can without ever waiting for or blocking the server's writes
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed })
  } catch (error) {
    // a failed copy (an I/O error, a full disk) is tried again with the next one
    parentPort.postMessage({ error: String(error?.message ?? error), log: 0, checkpointed: 0 })
  }
})
