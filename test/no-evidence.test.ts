/**
 * Finding 1 of issue 15: a bot that posts the form without the snippet (no signals, an empty
 * `huma_signals`, or a few events) was answered 0.5 and `human: true`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeTrace } from '../snippet/trace.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => {
  await t.close()
})

type Verdict = { human: boolean; confidence: number; reasons: string[] }

async function verdict(key: string, body: Record<string, unknown>): Promise<Verdict> {
  const res = await t.verify(key, { userId: `signup_${Math.random()}`, action: 'signup', ...body })
  expect(res.status).toBe(200)
  return (await res.json()) as Verdict
}

/** What a form posted by a script carries: a few moves at most, nothing a person's session holds. */
const fewMoves = (n: number) =>
  encodeTrace(
    Array.from({ length: n }, (_, i) => ({
      t_ms: i * 40,
      type: 'mousemove',
      x: 300 + i * 9,
      y: 200 + i * 4,
    })),
    { viewport: [1280, 800] },
  )

describe('no evidence is not a person', () => {
  it('answers human: false with NO_SIGNALS when the call carries no signals', async () => {
    const { key } = await t.key()
    const v = await verdict(key, {})
    expect(v).toMatchObject({ human: false, reasons: ['NO_SIGNALS'] })
    expect(v.confidence).toBeLessThan(0.5)
  })

  it('treats an empty signals string (a form whose snippet never ran) as no signals, not a 400', async () => {
    const { key } = await t.key()
    const v = await verdict(key, { signals: '' })
    expect(v).toMatchObject({ human: false, reasons: ['NO_SIGNALS'] })
  })

  it('answers human: false with TOO_FEW_EVENTS for a payload of a few events', async () => {
    const { key } = await t.key()
    for (const n of [0, 1, 3, 7]) {
      const v = await verdict(key, { signals: fewMoves(n) })
      expect(v.human).toBe(false)
      expect(v.confidence).toBeLessThan(0.5)
      expect(v.reasons).toContain('TOO_FEW_EVENTS')
    }
  })

  it('lets none of 20 snippet-less sign-ups through', async () => {
    const { key } = await t.key()
    const bodies = [{}, { signals: '' }, { signals: fewMoves(2) }, { signals: fewMoves(5) }]
    let admitted = 0
    for (let i = 0; i < 20; i++) if ((await verdict(key, bodies[i % bodies.length]!)).human) admitted++
    expect(admitted).toBe(0)
  })

  it('keeps the sandbox keys deterministic: no signals still answers as the userId says', async () => {
    const { key } = await t.key('free', { mode: 'test' })
    const person = await t.verify(key, { userId: 'user_1' })
    const bot = await t.verify(key, { userId: 'bot_1', signals: '' })
    expect(await person.json()).toMatchObject({ human: true, confidence: 0.98, reasons: ['SANDBOX'] })
    expect(await bot.json()).toMatchObject({ human: false, confidence: 0.02, reasons: ['SANDBOX'] })
  })
})
