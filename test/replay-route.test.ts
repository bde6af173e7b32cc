import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeTrace, type TraceEvent } from '../snippet/trace.ts'
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
})
