import { describe, expect, it } from 'vitest'
import { decodeSignals, MAX_SIGNALS_LENGTH, STREAMS, type Signals } from '../shared/signals.ts'
import { encode } from '../snippet/encode.ts'
import { BUTTON, KEY, KEY_KIND, PAGE, POINTER, SCROLL } from '../snippet/format.ts'
import { createRecorder, MIN_MOVE_GAP_MS, type Recorder } from '../snippet/recorder.ts'
import { encodeTrace, type TraceEvent } from '../snippet/trace.ts'

const ctx = { w: 1280, h: 720, a: 0 }

function decoded(rec: Recorder, now = 1e6): Signals {
  const result = decodeSignals(encode(rec, ctx, now))
  if (!result.ok) throw new Error(result.message)
  return result.signals
}

describe('recorder', () => {
  it('keeps only the newest records once a stream reaches its cap', () => {
    const rec = createRecorder()
    for (let i = 0; i < 3000; i++) rec.move(i * 10, i % 500, 7)
    const { moves } = decoded(rec)
    expect(moves).toHaveLength(STREAMS.m.maxRecords)
    expect(moves[0]).toEqual([600 * 10, 600 % 500, 7])
    expect(moves.at(-1)).toEqual([2999 * 10, 2999 % 500, 7])
  })

  it('samples a 1000 Hz mouse down to one move per gap but keeps its latest position', () => {
    const rec = createRecorder()
    for (let t = 0; t <= 100; t++) rec.move(t, t, 2 * t)
    const { moves } = decoded(rec)
    expect(moves.length).toBeLessThanOrEqual(Math.ceil(100 / MIN_MOVE_GAP_MS) + 2)
    for (let i = 1; i < moves.length - 1; i++)
      expect(moves[i]![0] - moves[i - 1]![0]).toBeGreaterThanOrEqual(MIN_MOVE_GAP_MS)
    expect(moves.at(-1)).toEqual([100, 100, 200])
  })

  it('never loses the last move before a click, however soon the click follows', () => {
    const rec = createRecorder()
    rec.move(0, 10, 10)
    rec.move(3, 50, 60)
    rec.button(4, BUTTON.down, 50, 60, POINTER.mouse)
    rec.move(5, 70, 80)
    const signals = decoded(rec)
    expect(signals.moves).toEqual([
      [0, 10, 10],
      [3, 50, 60],
      [5, 70, 80],
    ])
    expect(signals.buttons).toEqual([[4, 'down', 50, 60, 'mouse']])
  })

  it('quantises to whole ms and px and never lets time go back within a stream', () => {
    const rec = createRecorder()
    rec.key(-5, KEY_KIND.down, KEY.letter)
    rec.key(20.4, KEY_KIND.up, KEY.letter)
    rec.key(12, KEY_KIND.down, KEY.digit)
    rec.scroll(30.6, SCROLL.wheel, -99.7, 1)
    expect(decoded(rec).keys).toEqual([
      [0, 'down', 'letter'],
      [20, 'up', 'letter'],
      [20, 'down', 'digit'],
    ])
    expect(decoded(rec).scrolls).toEqual([[31, 'wheel', -100, 1]])
  })

  it('counts every observed event and the untrusted ones', () => {
    const rec = createRecorder()
    rec.seen(true)
    rec.seen(false)
    rec.seen(true)
    expect(decoded(rec).context).toMatchObject({ n: 3, u: 1 })
  })

  it('turns junk numbers into bounded integers the decoder accepts', () => {
    const rec = createRecorder()
    rec.move(Number.NaN, Infinity, -Infinity)
    rec.move(1e12, -1e12, 1e12)
    rec.page(Infinity, PAGE.focus)
    expect(decodeSignals(encode(rec, { w: 1e9, h: -5, a: 999 }, Number.NaN)).ok).toBe(true)
  })
})

describe('encode', () => {
  it('reports the encode time, never earlier than the newest event', () => {
    const rec = createRecorder()
    rec.page(500, PAGE.blur)
    expect(decoded(rec, 200).context.d).toBe(500)
    expect(decoded(rec, 900).context.d).toBe(900)
  })

  it('stays within the length bound with every stream full, dropping the oldest records first', () => {
    const rec = createRecorder()
    const t0 = 1_000_000
    for (let i = 0; i < 3000; i++) {
      const t = t0 + i * 1000
      rec.move(t, (i % 2) * 99_999, (i % 3) * 77_777)
      rec.button(t, BUTTON.click, 99_999, 99_999, POINTER.pen)
      rec.key(t, KEY_KIND.up, KEY.navigation)
      rec.scroll(t, SCROLL.scroll, 1_234_567, 2)
      rec.page(t, PAGE.resize)
    }
    const text = encode(rec, ctx, t0 + 3000 * 1000)
    expect(text.length).toBeLessThanOrEqual(MAX_SIGNALS_LENGTH)
    expect(text.length).toBeGreaterThan(MAX_SIGNALS_LENGTH - 40)
    const result = decodeSignals(text)
    if (!result.ok) throw new Error(result.message)
    const last = t0 + 2999 * 1000
    const { moves, buttons, keys, scrolls, page } = result.signals
    for (const stream of [moves, buttons, keys, scrolls, page]) expect(stream.at(-1)![0]).toBe(last)
    // the oldest moves and keys went to make room; the streams holding only recent records kept all
    expect(moves[0]![0]).toBeGreaterThan(t0 + (3000 - STREAMS.m.maxRecords) * 1000)
    expect(Math.abs(keys[0]![0] - moves[0]![0])).toBeLessThanOrEqual(1000)
    expect([buttons.length, scrolls.length, page.length]).toEqual([300, 400, 100])
    for (const stream of [moves, buttons, keys, scrolls, page]) {
      expect(stream).toHaveLength((last - stream[0]![0]) / 1000 + 1)
    }
    expect(moves.at(-1)).toEqual([last, 99_999, 2 * 77_777])
  })

  it('omits empty streams', () => {
    expect(encode(createRecorder(), ctx, 10)).toBe('{"v":1,"c":{"w":1280,"h":720,"a":0,"u":0,"n":0,"d":10}}')
  })
})

describe('encodeTrace', () => {
  const trace: TraceEvent[] = [
    { t_ms: 0, type: 'load', x: 0, y: 0 },
    { t_ms: 0.4, type: 'mousemove', x: 100.4, y: 200.6 },
    { t_ms: 16.2, type: 'mousemove', x: 103, y: 190 },
    { t_ms: 33.1, type: 'mousemove', x: 120.5, y: 170.49 },
    { t_ms: 40, type: 'mousedown', x: 120, y: 170, button: 0 },
    { t_ms: 120.7, type: 'mouseup', x: 120, y: 170, button: 0 },
    { t_ms: 121, type: 'click', x: 120, y: 170 },
    { t_ms: 300, type: 'keydown', key: 'shift' },
    { t_ms: 350, type: 'keydown', key: 'letter' },
    { t_ms: 420, type: 'keyup', key: 'letter' },
    { t_ms: 430, type: 'keyup', key: 'shift' },
    { t_ms: 500, type: 'keydown', key: 'tab' },
    { t_ms: 510, type: 'keydown', key: 'delete' },
    { t_ms: 520, type: 'keydown', key: 'escape' },
    { t_ms: 600, type: 'wheel', x: 5, y: 5, deltaY: -3 },
    { t_ms: 610, type: 'scroll', x: 0, y: 0, scrollY: 240.3 },
    { t_ms: 700, type: 'touchstart', x: 10, y: 20 },
    { t_ms: 716, type: 'touchmove', x: 12, y: 24 },
    { t_ms: 730, type: 'touchend', x: null, y: null },
    { t_ms: 800, type: 'blur', x: 0, y: 0 },
    { t_ms: 900, type: 'focus', x: 0, y: 0 },
  ]

  it('gives back the same events within 1 ms and 1 px after decoding', () => {
    const result = decodeSignals(encodeTrace(trace, { viewport: [1536, 864] }))
    if (!result.ok) throw new Error(result.message)
    const s = result.signals
    const near = (got: number[], want: number[]) =>
      want.forEach((v, i) => expect(Math.abs(got[i]! - v)).toBeLessThanOrEqual(1))
    const wantMoves = [
      [0.4, 100.4, 200.6],
      [16.2, 103, 190],
      [33.1, 120.5, 170.49],
      [716, 12, 24],
    ]
    expect(s.moves).toHaveLength(wantMoves.length)
    s.moves.forEach((m, i) => near(m, wantMoves[i]!))
    expect(s.buttons.map(([t, kind, x, y, p]) => [kind, p, x, y, t])).toEqual([
      ['down', 'mouse', 120, 170, 40],
      ['up', 'mouse', 120, 170, 121],
      ['click', 'mouse', 120, 170, 121],
      ['down', 'touch', 10, 20, 700],
      ['up', 'touch', 12, 24, 730],
    ])
    expect(s.keys).toEqual([
      [300, 'down', 'modifier'],
      [350, 'down', 'letter'],
      [420, 'up', 'letter'],
      [430, 'up', 'modifier'],
      [500, 'down', 'navigation'],
      [510, 'down', 'backspace'],
      [520, 'down', 'other'],
    ])
    expect(s.scrolls).toEqual([
      [600, 'wheel', -3, 0],
      [610, 'scroll', 240, 0],
    ])
    expect(s.page).toEqual([
      [800, 'blur'],
      [900, 'focus'],
    ])
    expect(s.context).toEqual({ w: 1536, h: 864, a: 0, u: 0, n: trace.length - 1, d: 900 })
  })

  it('is deterministic: the same trace gives the same bytes', () => {
    expect(encodeTrace(trace)).toBe(encodeTrace(trace))
  })
})
