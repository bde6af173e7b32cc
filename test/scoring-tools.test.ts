import { describe, expect, it } from 'vitest'
import { score } from '../server/scoring/index.ts'
import { BOT_FAMILIES, generateBots } from '../tools/bots/index.ts'
import { createRng } from '../tools/bots/rng.ts'
import { toPixels, type TraceRecord } from '../tools/data.ts'
import { summarise } from '../tools/metrics.ts'
import { toSignals } from '../tools/pipeline.ts'
import { cutWindows } from '../tools/windows.ts'

const record = (seconds: number): TraceRecord => ({
  source: 'test',
  label: 'human',
  bot_kind: null,
  session_id: 's',
  screen: [1280, 720],
  events: Array.from({ length: seconds * 60 }, (_, i) => ({
    t_ms: i * 16.7,
    type: 'mousemove',
    x: 100 + (i % 300),
    y: 200,
  })),
})

describe('bot generators', () => {
  it('make the same traces from the same seed', () => {
    expect(generateBots(2, 7)).toEqual(generateBots(2, 7))
    expect(generateBots(2, 7)).not.toEqual(generateBots(2, 8))
  })

  it('write records in the data sets format, sorted in time and starting at 0', () => {
    for (const [name, family] of Object.entries(BOT_FAMILIES)) {
      const r = family.generate(createRng(1), 0)
      expect(r.label).toBe('bot')
      expect(r.bot_kind).toBe(name)
      expect(r.events[0]?.t_ms).toBe(0)
      expect(r.events.every((e, i) => i === 0 || e.t_ms >= r.events[i - 1]!.t_ms)).toBe(true)
    }
  })

  it('produce traces the scorer blocks when they carry a WebDriver flag or untrusted events', () => {
    for (const name of ['webdriver', 'script'] as const) {
      const signals = toSignals(BOT_FAMILIES[name].generate(createRng(3), 0))
      expect(score(signals).confidence).toBeLessThan(0.5)
    }
  })
})

describe('reading records', () => {
  const move = (x: number, y: number) => ({ t_ms: 0, type: 'mousemove', x, y })

  it('scales positions written as fractions of the screen to pixels', () => {
    const r = { ...record(1), events: [move(0.5, 0.25), move(1, 1)] }
    expect(toPixels(r).events.map((e) => [e.x, e.y])).toEqual([
      [640, 180],
      [1280, 720],
    ])
  })

  it('leaves records in pixels, and records without a screen size, as they are', () => {
    const pixels = { ...record(1), events: [move(0.5, 0.25), move(2, 1)] }
    expect(toPixels(pixels)).toBe(pixels)
    const unknown = { ...record(1), screen: null, events: [move(0.5, 0.25)] }
    expect(toPixels(unknown)).toBe(unknown)
  })
})

describe('windows', () => {
  it('cut a long session into windows no longer than asked, each starting at 0', () => {
    const windows = cutWindows(record(60), 5, 4)
    expect(windows).toHaveLength(4)
    for (const w of windows) {
      expect(w.events[0]!.t_ms).toBe(0)
      expect(w.events[w.events.length - 1]!.t_ms).toBeLessThan(5000)
    }
  })

  it('keep a short session whole, once', () => {
    expect(cutWindows(record(3), 5, 4)).toHaveLength(1)
    expect(cutWindows(record(3), 10, 4, 5)).toHaveLength(0)
  })
})

describe('evaluation summary', () => {
  it('computes AUC, pass and block rates as the issue defines them', () => {
    const s = summarise([
      { group: 'a/human', human: true, confidence: 0.9 },
      { group: 'a/human', human: true, confidence: 0.6 },
      { group: 'b/bot', human: false, confidence: 0.2 },
      { group: 'b/bot', human: false, confidence: 0.7 },
    ])
    expect(s.overall.auc).toBe(0.75)
    expect(s.overall.human_pass_rate).toBe(1)
    expect(s.overall.bot_block_rate).toBe(0.5)
    expect(s.groups['b/bot']).toEqual({ n: 2, pass_rate: 0.5, median_confidence: 0.45 })
  })
})
