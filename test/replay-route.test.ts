import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeTrace, type TraceEvent } from '../snippet/trace.ts'
import { RETRY_WINDOW_MS } from '../server/replay/service.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => {
  await t.close()
})

/** A wandering pointer path; `seed` changes its shape, `dx`/`dy`/`dt` move it on screen and in time. */
function path(seed: number, dx = 0, dy = 0, dt = 0): TraceEvent[] {
  return Array.from({ length: 90 }, (_, i) => ({
    t_ms: dt + i * 16 + ((i * seed) % 5),
    type: 'mousemove',
    x: dx + Math.round(400 + 180 * Math.sin(i / (9 + seed)) + ((i * i * seed) % 7)),
    y: dy + Math.round(300 + 120 * Math.cos(i / (13 + seed))),
  }))
}

async function verdict(key: string, signals: string, userId = `u${Math.random()}`) {
  const res = await t.verify(key, { userId, signals })
  expect(res.status).toBe(200)
  return (await res.json()) as { confidence: number; reasons: string[] }
}

describe('replayed signals', () => {
  it('caps the same payload sent again, under any key, at 0.1 with REPLAYED_SIGNALS', async () => {
    const signals = encodeTrace(path(1), { viewport: [1280, 800] })
    const first = await verdict((await t.key()).key, signals)
    expect(first.reasons).not.toContain('REPLAYED_SIGNALS')
    const again = await verdict((await t.key()).key, signals)
    expect(again.reasons[0]).toBe('REPLAYED_SIGNALS')
    expect(again.confidence).toBeLessThanOrEqual(0.1)
  })

  it('catches a copy of the same trajectory moved across the screen and later in time', async () => {
    const { key } = await t.key()
    await verdict(key, encodeTrace(path(2), { viewport: [1280, 800] }))
    const shifted = await verdict(key, encodeTrace(path(2, 140, -60, 2500), { viewport: [1440, 900] }))
    expect(shifted.reasons).toContain('REPLAYED_SIGNALS')
  })

  it('does not confuse different people, nor two payloads without activity', async () => {
    const { key } = await t.key()
    await verdict(key, encodeTrace(path(3), { viewport: [1280, 800] }))
    expect((await verdict(key, encodeTrace(path(4), { viewport: [1280, 800] }))).reasons).not.toContain(
      'REPLAYED_SIGNALS',
    )
    const empty = encodeTrace([], { viewport: [1280, 800] })
    await verdict(key, empty)
    expect((await verdict(key, empty)).reasons).not.toContain('REPLAYED_SIGNALS')
  })

  it('forgets a payload after 24 hours', async () => {
    const { key } = await t.key()
    const signals = encodeTrace(path(5), { viewport: [1280, 800] })
    await verdict(key, signals)
    t.clock.now += 24 * 60 * 60 * 1000
    expect((await verdict(key, signals)).reasons).not.toContain('REPLAYED_SIGNALS')
  })

  it('scores the same payload again for the same userId under the same key as a retry, not a replay', async () => {
    // a double submit, or a backend retrying a call whose answer it lost
    const { key } = await t.key()
    const signals = encodeTrace(path(6), { viewport: [1280, 800] })
    const first = await verdict(key, signals, 'alice')
    const retried = await verdict(key, signals, 'alice')
    expect(retried).toEqual(first)
    expect((await verdict(key, signals, 'mallory')).reasons[0]).toBe('REPLAYED_SIGNALS')
  })

  it('treats the same payload for the same userId as a replay once the retry window has passed', async () => {
    const { key } = await t.key()
    const signals = encodeTrace(path(7), { viewport: [1280, 800] })
    await verdict(key, signals, 'alice')
    t.clock.now += RETRY_WINDOW_MS + 1
    expect((await verdict(key, signals, 'alice')).reasons[0]).toBe('REPLAYED_SIGNALS')
  })

  it('does not call a person who types again without moving the mouse a replay', async () => {
    const { key } = await t.key()
    const typing = (t0: number): TraceEvent[] =>
      Array.from({ length: 8 }, (_, i) => [
        { t_ms: t0 + i * 190 + (i % 3) * 23, type: 'keydown', key: 'letter' },
        { t_ms: t0 + i * 190 + (i % 3) * 23 + 70 + (i % 2) * 19, type: 'keyup', key: 'letter' },
      ]).flat()
    const moved = [...path(8), ...typing(2000)]
    await verdict(key, encodeTrace(moved, { viewport: [1280, 800] }), 'alice')
    t.clock.now += RETRY_WINDOW_MS + 1
    const typedAgain = encodeTrace([...moved, ...typing(6000)], { viewport: [1280, 800] })
    expect((await verdict(key, typedAgain, 'alice')).reasons).not.toContain('REPLAYED_SIGNALS')
  })

  it('remembers a payload refused for the month: sent again under another key, it is a replay', async () => {
    const spent = (await t.key('monthly')).key
    for (let i = 0; i < 3; i++) await verdict(spent, encodeTrace(path(20 + i), { viewport: [1280, 800] }))
    const signals = encodeTrace(path(9), { viewport: [1280, 800] })
    const refused = await t.verify(spent, { userId: 'alice', signals })
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as { error: string }).error).toBe('MONTHLY_LIMIT_EXCEEDED')
    expect((await verdict((await t.key()).key, signals)).reasons[0]).toBe('REPLAYED_SIGNALS')
  })
})
