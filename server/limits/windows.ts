/**
 * In-memory sliding-window logs: for each bucket, the times of the admissions in the last window.
 * Exact ("at most `limit` admissions in any `windowMs`"), and a bucket costs at most `limit` numbers.
 *
 * Most buckets are hit once (a per-user bucket for each new visitor), so such a bucket holds its one
 * time as a number, not a list: under half the memory. Buckets live in two generations per window
 * length. A hit moves its bucket into the newer one; once a window has passed since the last turn,
 * the older generation is dropped whole and the newer one becomes older. A bucket idle for two
 * windows is so forgotten without a pass over all the buckets, which at 100,000 of them held the
 * event loop for 20 ms.
 */
import type { WindowHit } from './windows-store.ts'

/** A bucket's admissions, oldest first: one time, or a list of them. */
type Log = number | number[]

interface Generations {
  newer: Map<string, Log>
  older: Map<string, Log>
  turnedAt: number
}

export class SlidingWindows {
  /** by window length: a bucket is always hit with the same one */
  readonly #byWindow = new Map<number, Generations>()

  hit(bucket: string, limit: number, windowMs: number, now: number): WindowHit {
    const generations = this.#generations(windowMs, now)
    const { newer, older } = generations
    let log = newer.get(bucket)
    if (log === undefined) {
      log = older.get(bucket)
      if (log !== undefined) older.delete(bucket)
    }
    const times = live(log, now - windowMs)
    const ok = times.length < limit
    if (ok) times.push(now)
    if (times.length > 0) newer.set(bucket, times.length === 1 ? times[0]! : times)
    else newer.delete(bucket)
    const oldest = times[0]
    return {
      ok,
      limit,
      remaining: Math.max(0, limit - times.length),
      resetMs: oldest === undefined ? 0 : Math.max(0, oldest + windowMs - now),
    }
  }

  /** The bucket's window as it stands, without recording a hit or moving the bucket between generations. */
  peek(bucket: string, limit: number, windowMs: number, now: number): WindowHit {
    const generations = this.#byWindow.get(windowMs)
    const log = generations?.newer.get(bucket) ?? generations?.older.get(bucket)
    const expired = now - windowMs
    const times = log === undefined ? [] : (typeof log === 'number' ? [log] : log).filter((t) => t > expired)
    const oldest = times[0]
    return {
      ok: times.length < limit,
      limit,
      remaining: Math.max(0, limit - times.length),
      resetMs: oldest === undefined ? 0 : Math.max(0, oldest + windowMs - now),
    }
  }

  /** how many buckets are held (for tests of forgetting) */
  get size(): number {
    let size = 0
    for (const { newer, older } of this.#byWindow.values()) size += newer.size + older.size
    return size
  }

  clear(): void {
    this.#byWindow.clear()
  }

  /**
   * The generations for this window length, turned if a window has passed since the last turn. Every
   * bucket hit within the last window is in one of them: a hit puts it in the newer generation, which
   * becomes the older one at the next turn and is dropped at the turn after, a window or more later.
   */
  #generations(windowMs: number, now: number): Generations {
    let generations = this.#byWindow.get(windowMs)
    if (!generations) {
      generations = { newer: new Map(), older: new Map(), turnedAt: now }
      this.#byWindow.set(windowMs, generations)
    } else if (now - generations.turnedAt >= windowMs) {
      // after two windows without a turn, even the newer generation's hits are a window old
      generations.older = now - generations.turnedAt >= 2 * windowMs ? new Map() : generations.newer
      generations.newer = new Map()
      generations.turnedAt = now
    }
    return generations
  }
}

/** The times of a log after `expired`, as a list the caller may change. */
function live(log: Log | undefined, expired: number): number[] {
  if (log === undefined) return []
  if (typeof log === 'number') return log > expired ? [log] : []
  let first = 0
  while (first < log.length && log[first]! <= expired) first++
  if (first > 0) log.splice(0, first)
  return log
}
