import { describe, expect, it } from 'vitest'
import { throughDisplay, type Frames } from '../tools/bots/display.ts'
import { bezierThrough } from '../tools/bots/humancurve.ts'
import { BOT_FAMILIES, type PressSchedule } from '../tools/bots/index.ts'
import { createRng } from '../tools/bots/rng.ts'
import { TWEENS } from '../tools/bots/tweens.ts'
import type { TraceEvent, TraceRecord } from '../tools/data.ts'

const mv = (t_ms: number, x: number, y = 100): TraceEvent => ({ t_ms, type: 'mousemove', x, y })
const isMove = (e: TraceEvent) => e.type === 'mousemove'
const moves = (r: TraceRecord) => r.events.filter(isMove)
const FRAMES: Frames = { period: 1000 / 60, phase: 0, jitter: 0 }
const frameOf = (t: number) => Math.round(t / FRAMES.period)

/** Five presses 6 s apart on targets 300-700 px apart. */
const SCHEDULE: PressSchedule = {
  screen: [1920, 1080],
  presses: Array.from({ length: 5 }, (_, k) => ({
    t: 1000 + 6000 * k,
    x: [300, 900, 500, 1200, 400][k]!,
    y: [300, 700, 200, 800, 500][k]!,
  })),
}

/** The steps between consecutive moves within one movement (moves under `gap` ms apart), in time order. */
function steps(r: TraceRecord, gap = 200) {
  const out: { dt: number; dx: number; dy: number }[] = []
  const ms = moves(r)
  for (let i = 1; i < ms.length; i++) {
    const [a, b] = [ms[i - 1]!, ms[i]!]
    if (b.t_ms - a.t_ms < gap) out.push({ dt: b.t_ms - a.t_ms, dx: b.x! - a.x!, dy: b.y! - a.y! })
  }
  return out
}

describe('what a page sees of a tool moving at its own timing', () => {
  // a tool stepping 4 px every 4 ms, then a press
  const sent = [
    ...Array.from({ length: 50 }, (_, i) => mv(4 * (i + 1), 4 * (i + 1))),
    { t_ms: 203, type: 'mousedown', x: 200, y: 100 },
  ]

  it('coalesces the moves of a display frame into its last, shown at the frame', () => {
    const seen = throughDisplay(sent, 'coalesced', FRAMES, createRng(1), true)
    const shown = seen.filter(isMove)
    expect(shown.length).toBeLessThan(15)
    expect(new Set(shown.map((e) => frameOf(e.t_ms))).size).toBe(shown.length)
    for (const e of shown) {
      // each shown position is the last one the tool had sent by then
      expect(e.x).toBe(Math.min(200, 4 * Math.floor(e.t_ms / 4)))
    }
  })

  it('delivers pending moves before the press, so the press is where the pointer was shown last', () => {
    for (const mode of ['coalesced', 'resampled'] as const) {
      const seen = throughDisplay(sent, mode, FRAMES, createRng(2), true)
      const down = seen.findIndex((e) => e.type === 'mousedown')
      expect(down, mode).toBe(seen.length - 1)
      expect(seen[down - 1]!.x, mode).toBe(200)
      expect(
        seen.every((e, i) => i === 0 || e.t_ms >= seen[i - 1]!.t_ms),
        mode,
      ).toBe(true)
    }
  })

  it('resamples a sparse path at every frame, positions interpolated between the points sent', () => {
    // a library's path: a point every 100 ms along a line, 50 px apart
    const sparse = Array.from({ length: 6 }, (_, i) => mv(100 * i, 50 * i, 2 * 50 * i))
    const seen = throughDisplay(sparse, 'resampled', FRAMES, createRng(3), false).filter(isMove)
    expect(seen.length).toBeGreaterThanOrEqual(29)
    for (const e of seen) {
      expect(e.y).toBeCloseTo(2 * e.x!, 6)
      expect(e.x).toBeCloseTo(Math.min(250, Math.max(0, e.t_ms / 2)), 6)
    }
  })

  it('leaves a pause as a pause: nothing is interpolated across a gap of a rest', () => {
    const seen = throughDisplay([mv(0, 0), mv(1000, 300)], 'resampled', FRAMES, createRng(4), true).filter(
      isMove,
    )
    expect(seen.map((e) => e.x)).toEqual([0, 300])
  })
})

describe('tool-like bot families', () => {
  it('pyautogui sends whole pixels, many of its steps 50 ms or more apart (its minimum sleep) however a page sees them', () => {
    let slow = 0
    for (let seed = 1; seed <= 12; seed++) {
      const r = BOT_FAMILIES.pyautogui.generate(createRng(seed), seed, [SCHEDULE])
      const st = steps(r, 1000)
      expect(st.length).toBeGreaterThan(0)
      expect(moves(r).every((e) => Number.isInteger(e.x) && Number.isInteger(e.y))).toBe(true)
      const dts = st.map((s) => s.dt).sort((a, b) => a - b)
      if (dts[dts.length >> 1]! >= 45) slow++
    }
    // sessions on the 50 ms minimum seen as sent or coalesced; the others step every pixel or are resampled
    expect(slow).toBeGreaterThanOrEqual(3)
  })

  it('humancurve paths wander off the chord and hit a fixed number of points a movement', () => {
    const curve = bezierThrough([
      [0, 0],
      [50, 100],
      [100, 0],
    ])
    expect(curve(0.5)).toEqual([50, 50])
    expect(TWEENS.easeOutQuad(0.5)).toBe(0.75)
    expect(TWEENS.easeOutBounce(1)).toBeCloseTo(1, 9)
    for (let seed = 1; seed <= 6; seed++) {
      const r = BOT_FAMILIES.humancurve.generate(createRng(seed), seed, [SCHEDULE])
      expect(moves(r).length, `seed ${seed}`).toBeGreaterThan(20)
      expect(moves(r).every((e) => Number.isInteger(e.x) && Number.isInteger(e.y))).toBe(true)
    }
  })

  it('actionchains moves take the action builder duration each (250 ms by default) when the driver jumps', () => {
    let jumps = 0
    for (let seed = 1; seed <= 40; seed++) {
      const r = BOT_FAMILIES.actionchains.generate(createRng(seed), seed)
      const st = steps(r, 2000)
      const quarter = st.filter((s) => s.dt >= 240 && s.dt <= 300).length
      if (quarter / Math.max(1, st.length) > 0.5) jumps++
    }
    expect(jumps).toBeGreaterThan(3)
  })

  it('walk reaches its targets in small steps', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const r = BOT_FAMILIES.walk.generate(createRng(seed), seed, [SCHEDULE])
      const downs = r.events.filter((e) => e.type === 'mousedown')
      expect(downs.length).toBeGreaterThan(0)
      const st = steps(r, 100)
      const small = st.filter((s) => Math.hypot(s.dx, s.dy) <= 30).length
      expect(small / st.length, `seed ${seed}`).toBeGreaterThan(0.9)
    }
  })
})
