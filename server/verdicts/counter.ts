/**
 * Counts verify's answers in memory and adds them to the store's counters every FLUSH_MS (and whenever
 * asked, as the dashboard does before it reads), so the verify path writes nothing more per call. What
 * is counted: the key, the action, the UTC day, the confidence's tenth and each reason code. A crash loses
 * at most the counts of the last FLUSH_MS; they are statistics, not records.
 */
import type { VerdictCount, VerdictStore } from './store.ts'

export const FLUSH_MS = 5_000

export interface Verdict {
  keyId: string
  action: string | null
  confidence: number
  reasons: readonly string[]
  at: number
}

/** The confidence's tenth: '0.0' for [0, 0.1) … '0.9' for [0.9, 1]. */
export const bucketOf = (confidence: number): string =>
  (Math.min(9, Math.max(0, Math.floor(confidence * 10))) / 10).toFixed(1)

export function createVerdictCounter(store: VerdictStore, { flushMs = FLUSH_MS } = {}) {
  let pending = new Map<string, VerdictCount>()
  let timer: ReturnType<typeof setTimeout> | null = null

  const count = (c: Omit<VerdictCount, 'count'>) => {
    const id = `${c.keyId}\0${c.action}\0${c.day}\0${c.kind}\0${c.name}`
    const known = pending.get(id)
    if (known) known.count++
    else pending.set(id, { ...c, count: 1 })
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    if (pending.size === 0) return
    const counts = [...pending.values()]
    pending = new Map()
    await store.add(counts)
  }

  return {
    record(v: Verdict): void {
      const base = { keyId: v.keyId, action: v.action ?? '', day: new Date(v.at).toISOString().slice(0, 10) }
      count({ ...base, kind: 'bucket', name: bucketOf(v.confidence) })
      for (const reason of v.reasons) count({ ...base, kind: 'reason', name: reason })
      // statistics: a failed flush (a store gone away) drops its counts rather than the process
      timer ??= setTimeout(() => void flush().catch(() => {}), flushMs)
      timer.unref?.()
    },
    flush,

    /** The counters of one key's days, what is still in memory included. */
    async read(keyId: string, fromDay: string, toDay: string): Promise<VerdictCount[]> {
      await flush()
      return store.read(keyId, fromDay, toDay)
    },
  }
}

export type VerdictCounter = ReturnType<typeof createVerdictCounter>
