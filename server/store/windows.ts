/**
 * In-memory sliding-window logs: for each bucket, the times of the admissions in the last window.
 * Exact ("at most `limit` admissions in any `windowMs`"), and a bucket costs at most `limit` numbers.
 */
import type { WindowHit } from './types.ts'

/** Buckets idle for longer than their window are dropped at most this often. */
const SWEEP_INTERVAL_MS = 60_000

export class SlidingWindows {
  readonly #logs = new Map<string, { windowMs: number; times: number[] }>()
  #lastSweep = 0

  hit(bucket: string, limit: number, windowMs: number, now: number): WindowHit {
    this.#sweep(now)
    let log = this.#logs.get(bucket)
    if (!log) {
      log = { windowMs, times: [] }
      this.#logs.set(bucket, log)
    }
    const { times } = log
    let expired = 0
    while (expired < times.length && times[expired]! <= now - windowMs) expired++
    if (expired > 0) times.splice(0, expired)
    const ok = times.length < limit
    if (ok) times.push(now)
    const oldest = times[0]
    return {
      ok,
      limit,
      remaining: Math.max(0, limit - times.length),
      resetMs: oldest === undefined ? 0 : Math.max(0, oldest + windowMs - now),
    }
  }

  clear(): void {
    this.#logs.clear()
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < SWEEP_INTERVAL_MS) return
    this.#lastSweep = now
    for (const [bucket, log] of this.#logs) {
      const newest = log.times[log.times.length - 1]
      if (newest === undefined || newest <= now - log.windowMs) this.#logs.delete(bucket)
    }
  }
}
