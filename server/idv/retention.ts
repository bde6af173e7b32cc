/**
 * Deletion on schedule: checks past their purge time lose their files (removed from the vault) and
 * their contact data; the result stays. The sweeper runs in the server every few minutes; `huma idv
 * purge [--now ISO]` runs the same sweep by hand.
 */
import type { IdvStore } from './store.ts'
import type { Vault } from './vault.ts'

/** HUMA_IDV_RETENTION_DAYS unset: files and contact data go after 7 days. */
export const DEFAULT_RETENTION_DAYS = 7
export const SWEEP_EVERY_MS = 5 * 60_000
const BATCH = 100

export async function purgeDue(store: IdvStore, vault: Vault, now: number): Promise<number> {
  let purgedCount = 0
  for (;;) {
    const due = await store.duePurge(now, BATCH)
    if (due.length === 0) return purgedCount
    for (const check of due) {
      await vault.remove(check.id)
      await store.markPurged(check.id, now)
      purgedCount++
    }
    if (due.length < BATCH) return purgedCount
  }
}

export interface Sweeper {
  stop(): void
}

export function startSweeper(
  store: IdvStore,
  vault: Vault,
  {
    now = Date.now,
    every = SWEEP_EVERY_MS,
    onError = () => {},
  }: {
    now?: () => number
    every?: number
    onError?: (error: unknown) => void
  } = {},
): Sweeper {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await purgeDue(store, vault, now())
    } catch (error) {
      onError(error)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), every)
  timer.unref()
  void tick()
  return { stop: () => clearInterval(timer) }
}
