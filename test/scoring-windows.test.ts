import { describe, expect, it } from 'vitest'
import { personRecord as record } from './helpers/traces.ts'
import type { TraceEvent, TraceRecord } from '../tools/data.ts'
import { toSample, type Sample } from '../tools/dataset.ts'
import { EVALUATION_ONLY_KINDS, keysTraining, pointerTraining } from '../tools/fit.ts'
import { holdoutGroup } from '../tools/holdout.ts'
import { shapeWindows } from '../tools/shapes.ts'
import { pressEnds, pressWindows } from '../tools/windows.ts'

/** Moves every 16 ms for `seconds`, with a click (down, up 90 ms later, click) every 4 s. */
function session(seconds: number): TraceRecord {
  const events: TraceEvent[] = []
  for (let t = 0; t < seconds * 1000; t += 16) {
    events.push({ t_ms: t, type: 'mousemove', x: 100 + (t % 500), y: 200 })
    if (t % 4000 === 3008)
      events.push(
        { t_ms: t, type: 'mousedown', x: 100, y: 200 },
        { t_ms: t + 90, type: 'mouseup', x: 100, y: 200 },
        { t_ms: t + 90, type: 'click', x: 100, y: 200 },
      )
  }
  return record(events.sort((a, b) => a.t_ms - b.t_ms))
}

describe('training and evaluation windows', () => {
  it('end where a verify call at a submit would: after the release and click of a press', () => {
    const r = session(20)
    expect(pressEnds(r)).toEqual([3098, 7098, 11098, 15098, 19098])
    const windows = pressWindows(r, 5, 3)
    expect(windows.length).toBe(3)
    for (const w of windows) {
      expect(w.events.at(-1)!.type).toBe('click')
      expect(w.events.at(-1)!.t_ms - w.events[0]!.t_ms).toBeLessThanOrEqual(5000)
      expect(w.events[0]!.t_ms).toBe(0)
    }
  })

  it('leave to the shorter length a window that would hold no more than it', () => {
    // the first press ends 3.1 s in: its 10 s window would be the whole start, which the 5 s one already is
    const ends = pressWindows(session(20), 10, 5, 5).map((w) => Number(w.session_id.split('@')[1]))
    expect(ends).not.toContain(3098)
    expect(ends).toContain(7098)
  })

  it('fall back to evenly spread windows for records without presses (typing only)', () => {
    const keys = Array.from({ length: 200 }, (_, i): TraceEvent => ({
      t_ms: i * 100,
      type: i % 2 ? 'keyup' : 'keydown',
      key: 'letter',
    }))
    expect(pressWindows(record(keys), 5, 3).length).toBe(3)
  })

  it('learn from single reaches of people and bots alike, never from a single drag', () => {
    const person = session(20)
    const bot: TraceRecord = { ...person, label: 'bot', bot_kind: 'line', session_id: 'b' }
    const reaches = [person, bot].flatMap((r) =>
      shapeWindows(r, 2).map(([shape, w]): Sample => ({ ...toSample(r, w)!, shape })),
    )
    expect(reaches.map((s) => [s.human, s.shape])).toEqual([
      [true, 'one reach'],
      [true, 'one reach'],
      [false, 'one reach'],
      [false, 'one reach'],
    ])
    const drag: Sample = { ...reaches[0]!, shape: 'one drag' }
    expect(pointerTraining([...reaches, drag])).toEqual(reaches)
  })

  it('never learn from the kinds kept for the evaluation (the designs measured as unseen)', () => {
    const bot: TraceRecord = { ...session(20), label: 'bot', bot_kind: 'line', session_id: 'b' }
    const window = toSample(bot, bot)!
    const seen: Sample = { ...window, group: 'generated/minjerk' }
    const unseen = ['generated/lognormal', 'generated/powerlaw', 'generated/humancurve'].map(
      (group): Sample => ({ ...window, group }),
    )
    expect(unseen.every((s) => EVALUATION_ONLY_KINDS.has(s.group))).toBe(true)
    expect(pointerTraining([seen, ...unseen])).toEqual([seen])
  })

  it('score a person under a change of recorder or device with that person, never learn from it', () => {
    const person = session(20)
    const window = toSample(person, person)!
    const changed: Sample = { ...window, change: 'tap to click' }
    expect(holdoutGroup(changed)).toBe('test/human [tap to click]')
    expect(pointerTraining([window, changed])).toEqual([window])
    expect(keysTraining([changed])).toEqual([])
  })
})
