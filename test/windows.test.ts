/**
 * The embedded store's sliding windows: the same answers as a plain log of every admission, across
 * generation turns, while idle buckets are forgotten. (The store contract covers the limits' rules.)
 */
import { describe, expect, it } from 'vitest'
import { SlidingWindows } from '../server/limits/windows.ts'
import type { WindowHit } from '../server/store/types.ts'

/** The obvious model: every admission kept forever, the window counted afresh on each hit. */
function modelWindows() {
  const admitted = new Map<string, number[]>()
  return (bucket: string, limit: number, windowMs: number, now: number): WindowHit => {
    const all = admitted.get(bucket) ?? []
    admitted.set(bucket, all)
    const inWindow = all.filter((t) => t > now - windowMs)
    const ok = inWindow.length < limit
    if (ok) {
      all.push(now)
      inWindow.push(now)
    }
    const oldest = inWindow[0]
    return {
      ok,
      limit,
      remaining: Math.max(0, limit - inWindow.length),
      resetMs: oldest === undefined ? 0 : Math.max(0, oldest + windowMs - now),
    }
  }
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('sliding windows', () => {
  it('answers as a log of every admission would, through many generation turns', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed)
      const windows = new SlidingWindows()
      const model = modelWindows()
      let now = 1_000_000
      for (let i = 0; i < 5000; i++) {
        // gaps from none to well over two windows, so turns of one and of both generations happen
        now += Math.floor(next() ** 4 * 2500)
        const bucket = `b${Math.floor(next() * 12)}`
        const [limit, windowMs] = next() < 0.5 ? [3, 1000] : [1, 300]
        const key = `${windowMs}:${bucket}`
        expect(windows.hit(key, limit, windowMs, now), `seed ${seed}, hit ${i}`).toEqual(
          model(key, limit, windowMs, now),
        )
      }
    }
  })

  it('still counts a hit that has gone into the older generation', () => {
    const windows = new SlidingWindows()
    expect(windows.hit('other', 1, 1000, 0).ok).toBe(true) // the generations start at 0
    expect(windows.hit('a', 1, 1000, 900).ok).toBe(true)
    expect(windows.hit('other', 1, 1000, 1000).ok).toBe(true) // a turn: 'a' is now older
    expect(windows.hit('a', 1, 1000, 1899)).toEqual({ ok: false, limit: 1, remaining: 0, resetMs: 1 })
    expect(windows.hit('a', 1, 1000, 1900).ok).toBe(true) // the hit at 900 has left the window
  })

  it('forgets buckets idle for two windows without a pass over them', () => {
    const windows = new SlidingWindows()
    for (let i = 0; i < 1000; i++) windows.hit(`user${i}`, 10, 60_000, i)
    windows.hit('user0', 10, 60_000, 1500)
    expect(windows.size).toBe(1000)
    windows.hit('late', 10, 60_000, 61_000) // one turn: all are older, still counted
    expect(windows.size).toBe(1001)
    expect(windows.hit('user0', 1, 60_000, 61_000).ok).toBe(false) // its hit at 1500 is live
    windows.hit('later', 10, 60_000, 122_000) // a second turn drops what no hit moved
    expect(windows.size).toBe(3) // user0 (hit at 61,000), late and later
  })

  it('keeps a bucket with no admissions in its window out of memory', () => {
    const windows = new SlidingWindows()
    expect(windows.hit('zero', 0, 1000, 0).ok).toBe(false)
    expect(windows.size).toBe(0)
  })
})
