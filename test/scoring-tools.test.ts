import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractFeatures, score } from '../server/scoring/index.ts'
import { CLOCKS, CLOCK_NAMES, sampleMovement } from '../tools/bots/clocks.ts'
import {
  BOT_FAMILIES,
  generateBots,
  rhythmsOf,
  schedulesOf,
  type KeyRhythm,
  type PressSchedule,
} from '../tools/bots/index.ts'
import { heldCopy, withButtonHeld } from '../tools/bots/held.ts'
import { KEY_CLOCKS } from '../tools/bots/keyseq.ts'
import { arc, lognormalPath } from '../tools/bots/lognormal.ts'
import { cubic, type Path } from '../tools/bots/paths.ts'
import { timedByCurvature } from '../tools/bots/powerlaw.ts'
import { createRng } from '../tools/bots/rng.ts'
import { DELAYS, DURATIONS, HUMAN_DWELL, HUMAN_HOLD } from '../tools/bots/timing.ts'
import { toPixels, type TraceEvent, type TraceRecord } from '../tools/data.ts'
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

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - times[i]!)
const moves = (r: TraceRecord) => r.events.filter((e) => e.type === 'mousemove')
const downs = (r: TraceRecord) => r.events.filter((e) => e.type === 'mousedown')
/** Each press of a record that is released, with the moves made while it was held. */
const held = (r: TraceRecord) => {
  const out: { down: TraceEvent; moves: TraceEvent[]; up: TraceEvent }[] = []
  let down: TraceEvent | null = null
  let moves: TraceEvent[] = []
  for (const e of r.events) {
    if (e.type === 'mousedown') [down, moves] = [e, []]
    else if (e.type === 'mousemove' && down) moves.push(e)
    else if (e.type === 'mouseup' && down) {
      out.push({ down, moves, up: e })
      down = null
    }
  }
  return out
}

/** Ten presses 8 s apart on targets 300-600 px apart: time enough for every family's slowest clock. */
const SCHEDULE: PressSchedule = {
  screen: [1920, 1080],
  presses: Array.from({ length: 10 }, (_, k) => ({
    t: 1000 + 8000 * k,
    x: [300, 800, 1100, 600, 900][k % 5]!,
    y: [300, 600, 250, 800, 450][k % 5]!,
  })),
}
const REPLAYING = [
  'bezier',
  'minjerk',
  'ghost',
  'spline',
  'wind',
  'spring',
  'overshoot',
  'interp',
  'retimed',
  'pyautogui',
  'humancurve',
  'actionchains',
  'lognormal',
  'powerlaw',
  'smoothed',
] as const

describe('bot generators', () => {
  it('make the same traces from the same seed', () => {
    expect(generateBots(2, 7)).toEqual(generateBots(2, 7))
    expect(generateBots(2, 7)).not.toEqual(generateBots(2, 8))
    expect(generateBots(2, 7, [SCHEDULE])).toEqual(generateBots(2, 7, [SCHEDULE]))
    expect(generateBots(2, 7, [SCHEDULE])).not.toEqual(generateBots(2, 7))
  })

  it('write records in the data sets format, sorted in time and starting at 0', () => {
    for (const [name, family] of Object.entries(BOT_FAMILIES)) {
      for (const [seed, schedules] of [
        [1, []],
        [2, []],
        [3, [SCHEDULE]],
      ] as const) {
        const r = family.generate(createRng(seed), seed, schedules)
        expect(r.label).toBe('bot')
        expect(r.bot_kind).toBe(name)
        expect(r.session_id).toBe(`${name}/${seed}`)
        expect(r.events[0]?.t_ms).toBe(0)
        expect(
          r.events.every((e, i) => i === 0 || e.t_ms >= r.events[i - 1]!.t_ms),
          name,
        ).toBe(true)
        expect(family.generate(createRng(seed), seed, schedules)).toEqual(r)
      }
    }
  })

  it('are all registered: every family a file in tools/bots exports is in BOT_FAMILIES', async () => {
    const registered = new Set<unknown>(Object.values(BOT_FAMILIES))
    const folder = new URL('../tools/bots/', import.meta.url)
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const exports = (await import(new URL(file, folder).href)) as Record<string, unknown>
      for (const [name, value] of Object.entries(exports)) {
        const family = value as { describe?: unknown; generate?: unknown }
        if (typeof family?.describe === 'string' && typeof family.generate === 'function')
          expect(registered.has(value), `${file}: ${name}`).toBe(true)
      }
    }
  })

  it('produce traces the scorer blocks when they carry a WebDriver flag or untrusted events', () => {
    for (const name of ['webdriver', 'script'] as const) {
      const signals = toSignals(BOT_FAMILIES[name].generate(createRng(3), 0))
      expect(score(signals).confidence).toBeLessThan(0.5)
    }
  })

  it("replay a person's presses: each on its target, at its time after the first", () => {
    for (const name of REPLAYING) {
      for (let i = 0; i < 4; i++) {
        const pressed = downs(BOT_FAMILIES[name].generate(createRng(100 + i), i, [SCHEDULE]))
        expect(pressed.length, name).toBeGreaterThan(0)
        const first = SCHEDULE.presses.findIndex(
          (p) => Math.hypot(p.x - pressed[0]!.x!, p.y - pressed[0]!.y!) < 10,
        )
        expect(first, name).toBeGreaterThanOrEqual(0)
        pressed.forEach((d, k) => {
          const p = SCHEDULE.presses[first + k]!
          expect(Math.hypot(p.x - d.x!, p.y - d.y!), `${name} press ${k}`).toBeLessThan(10)
          if (k > 0) {
            const late = d.t_ms - pressed[1]!.t_ms - (p.t - SCHEDULE.presses[first + 1]!.t)
            expect(Math.abs(late), `${name} press ${k}`).toBeLessThan(300)
          }
        })
      }
    }
  })

  it('press random targets when given no schedule', () => {
    const pressed = downs(BOT_FAMILIES.spline.generate(createRng(1), 0))
    const targets = SCHEDULE.presses.map((p) => `${p.x},${p.y}`)
    expect(pressed.length).toBeGreaterThan(0)
    expect(pressed.some((d) => targets.includes(`${Math.round(d.x!)},${Math.round(d.y!)}`))).toBe(false)
  })

  it('walk creep lines in steps of at most 2 px along each axis, onto the scheduled targets', () => {
    const targets = SCHEDULE.presses.map((p) => `${p.x},${p.y}`)
    for (let i = 0; i < 6; i++) {
      const r = BOT_FAMILIES.creep.generate(createRng(i), i, i % 2 ? [SCHEDULE] : [])
      if (i % 2) {
        expect(downs(r).length).toBeGreaterThan(0)
        expect(downs(r).every((d) => targets.includes(`${d.x},${d.y}`))).toBe(true)
      }
      const m = moves(r)
      expect(m.length).toBeGreaterThan(50)
      for (let k = 1; k < m.length; k++) {
        expect(Math.abs(m[k]!.x! - m[k - 1]!.x!)).toBeLessThanOrEqual(2)
        expect(Math.abs(m[k]!.y! - m[k - 1]!.y!)).toBeLessThanOrEqual(2)
      }
    }
  })

  it('interpolate interp paths in runs of equal steps, which a smooth family does not make', () => {
    const repeated = (r: TraceRecord) => {
      const m = moves(r)
      const step = (a: TraceEvent, b: TraceEvent) => [b.x! - a.x!, b.y! - a.y!] as const
      let same = 0
      for (let k = 2; k < m.length; k++) {
        const [s1, s2] = [step(m[k - 2]!, m[k - 1]!), step(m[k - 1]!, m[k]!)]
        if (Math.abs(s1[0] - s2[0]) < 1e-9 && Math.abs(s1[1] - s2[1]) < 1e-9) same++
      }
      return same / (m.length - 2)
    }
    for (let seed = 1; seed <= 5; seed++) {
      expect(repeated(BOT_FAMILIES.interp.generate(createRng(seed), 0))).toBeGreaterThan(0.4)
      expect(repeated(BOT_FAMILIES.spline.generate(createRng(seed), 0))).toBeLessThan(0.3)
    }
  })
})

/**
 * A person going back and forth between two targets 3 s apart: each reach takes 600 ms, bulges 80 px off
 * its chord, and shakes by a pixel from move to move; the moves are recorded every 8 ms.
 */
const BACK_AND_FORTH: TraceRecord = (() => {
  const ends = [
    [300, 300],
    [800, 600],
  ] as const
  const events: TraceEvent[] = []
  for (let k = 1; k <= 8; k++) {
    const [from, to] = [ends[(k + 1) % 2]!, ends[k % 2]!]
    const press = 3000 * k
    for (let t = press - 600; t <= press - 8; t += 8) {
      const u = (t - press + 600) / 592
      const bulge = 80 * Math.sin(Math.PI * u) + (t % 16 ? 1 : -1)
      events.push({
        t_ms: t,
        type: 'mousemove',
        x: from[0] + u * (to[0] - from[0]) + bulge * 0.6,
        y: from[1] + u * (to[1] - from[1]) - bulge * 0.8,
      })
    }
    events.push({ t_ms: press, type: 'mousedown', x: to[0], y: to[1] })
    events.push({ t_ms: press + 90, type: 'mouseup', x: to[0], y: to[1] })
  }
  return { ...record(0), events, screen: [1280, 720] }
})()

describe("replays of a person's own reaches", () => {
  it('schedulesOf keeps the moves onto each press: after the press before, within 2 s, times before the press', () => {
    const [schedule] = schedulesOf([BACK_AND_FORTH])
    expect(schedule!.presses).toHaveLength(8)
    for (const p of schedule!.presses) {
      const path = p.path!
      expect(path.length / 3).toBe(75)
      expect(path[0]).toBe(-600)
      expect(path[path.length - 3]).toBe(-8)
    }
    const lone = { ...BACK_AND_FORTH, events: BACK_AND_FORTH.events.filter((e) => e.type !== 'mousemove') }
    expect(schedulesOf([lone])[0]!.presses.every((p) => p.path === undefined)).toBe(true)
  })

  it("smoothed follows the person's path onto each press, off the chord, over about the person's time", () => {
    const schedules = schedulesOf([BACK_AND_FORTH])
    let reaches = 0
    let timed = 0
    for (let i = 0; i < 6; i++) {
      const r = BOT_FAMILIES.smoothed.generate(createRng(40 + i), i, schedules)
      const pressed = downs(r)
      for (let k = 1; k < pressed.length; k++) {
        const [a, b] = [pressed[k - 1]!, pressed[k]!]
        // the reach: the moves before the press back to the last pause (a session may drift while it waits)
        const before = moves(r).filter((e) => e.t_ms > a.t_ms && e.t_ms < b.t_ms)
        let first = before.length - 1
        while (first > 0 && before[first]!.t_ms - before[first - 1]!.t_ms <= 150) first--
        const way = before.slice(first)
        if (way.length < 5) continue
        reaches++
        const off = (e: TraceEvent) =>
          Math.abs((b.x! - a.x!) * (e.y! - a.y!) - (b.y! - a.y!) * (e.x! - a.x!)) /
          Math.hypot(b.x! - a.x!, b.y! - a.y!)
        // the person's reach bulges 80 px off the chord; smoothing over at most 60 ms keeps most of it
        expect(Math.max(...way.map(off)), `session ${i} press ${k}`).toBeGreaterThan(50)
        // the person's 592 ms, hurried by at most 0.3 when late; a clock of N steps takes its own time
        const took = way[way.length - 1]!.t_ms - way[0]!.t_ms
        if (took > 0.3 * 592 - 40 && took < 592 + 40) timed++
      }
    }
    expect(reaches).toBeGreaterThan(6)
    expect(timed / reaches).toBeGreaterThan(0.5)
  })
})

/** Speeds along a path at `n` equal shares of its time, with the share at which each is reached. */
const speeds = (at: Path, n = 400) =>
  Array.from({ length: n }, (_, i) => {
    const [a, b] = [at(i / n), at((i + 1) / n)]
    return { u: (i + 0.5) / n, v: Math.hypot(b[0] - a[0], b[1] - a[1]) }
  })

describe('movement models of the later path families', () => {
  it('lognormal strokes land on their chord, speed peaking early (lognormal skew), arcs bending off it', () => {
    const straight = lognormalPath([0, 0], [arc(0, 600, 0.35, 300, 0, 0)], 600)
    expect(straight(0)[0]).toBeCloseTo(0, 0)
    expect(straight(1)[0]).toBeCloseTo(300, 6)
    expect(straight(1)[1]).toBeCloseTo(0, 6)
    const v = speeds(straight)
    const peak = v.reduce((a, b) => (b.v > a.v ? b : a))
    expect(peak.u).toBeLessThan(0.45)
    const bent = lognormalPath([0, 0], [arc(0, 600, 0.35, 300, 0, 1)], 600)
    expect(bent(1)[0]).toBeCloseTo(300, 6)
    expect(bent(1)[1]).toBeCloseTo(0, 6)
    expect(Math.max(...speeds(bent).map(({ u }) => Math.abs(bent(u)[1])))).toBeGreaterThan(30)
  })

  it('lognormal corrections start before the primary stroke ends: speed dips between them without stopping', () => {
    const strokes = [arc(0, 500, 0.3, 270, 0, 0), arc(350, 250, 0.3, 30, 0, 0)]
    const v = speeds(lognormalPath([0, 0], strokes, 600)).filter(({ u }) => u > 0.1 && u < 0.9)
    const slowest = v.reduce((a, b) => (b.v < a.v ? b : a))
    expect(slowest.v).toBeGreaterThan(0)
    expect(lognormalPath([0, 0], strokes, 600)(1)[0]).toBeCloseTo(300, 6)
  })

  it('powerlaw slows where the path bends: more of its time near a corner than with curvature ignored', () => {
    const corner = cubic([0, 0], [300, 0], [300, 0], [300, 300])
    const nearCorner = (at: Path) =>
      speeds(at).filter(({ u }) => Math.hypot(at(u)[0] - 300, at(u)[1]) < 60).length / 400
    const bendAware = timedByCurvature(corner, 0.4, 1)
    const envelopeOnly = timedByCurvature(corner, 0, 1)
    expect(bendAware(1)[0]).toBeCloseTo(300, 6)
    expect(bendAware(1)[1]).toBeCloseTo(300, 6)
    expect(nearCorner(bendAware)).toBeGreaterThan(1.5 * nearCorner(envelopeOnly))
  })
})

/** A person's rhythm: holds of 70-130 ms, gaps of 150-400 ms, a space every fifth key. */
const RHYTHM: KeyRhythm = Array.from({ length: 40 }, (_, i) => ({
  cls: i % 5 === 4 ? 'space' : 'letter',
  hold: 70 + ((i * 37) % 61),
  gap: 150 + ((i * 53) % 251),
}))
const KEYBOARD_ONLY = ['keyrate', 'keyjitter', 'keyiid', 'keyreplay', 'keymarkov'] as const
const keyTimes = (r: TraceRecord) => r.events.filter((e) => e.type.startsWith('key')).map((e) => e.t_ms)
/** Mean over seeds of one rhythm feature on a family's whole traces. */
const meanFeature = (name: (typeof KEYBOARD_ONLY)[number], feature: string, seeds = 12) => {
  let sum = 0
  let n = 0
  for (let seed = 0; seed < seeds; seed++) {
    const signals = toSignals(BOT_FAMILIES[name].generate(createRng(500 + seed), seed, [], [RHYTHM]))
    const v = signals ? extractFeatures(signals).get(feature)! : NaN
    if (Number.isNaN(v)) continue
    sum += v
    n++
  }
  return sum / n
}

describe('keyboard-only bot generators', () => {
  it('type keys only, each key up after its down, stamped on one of the key clocks', () => {
    const seen = new Set<number>()
    for (const name of KEYBOARD_ONLY) {
      for (let seed = 0; seed < 12; seed++) {
        const r = BOT_FAMILIES[name].generate(createRng(seed), seed, [], [RHYTHM])
        expect(r.events.every((e) => e.type === 'keydown' || e.type === 'keyup')).toBe(true)
        expect(r.events.filter((e) => e.type === 'keydown').length).toBeGreaterThan(8)
        const times = keyTimes(r)
        const tick = [...KEY_CLOCKS]
          .reverse()
          .find((c) => times.every((t) => Math.abs(t / c - Math.round(t / c)) < 1e-6))
        expect(tick, `${name} ${seed}`).toBeDefined()
        seen.add(tick!)
      }
    }
    // every clock is drawn, the coarse 15.6 ms tick included
    expect(seen.has(15.625) && seen.has(8)).toBe(true)
  })

  it('type at a fixed rate (keyrate) or with spread (keyjitter, keyiid), with no dependence between keys', () => {
    expect(meanFeature('keyrate', 'keys.gapSpread')).toBeLessThan(0.05)
    expect(meanFeature('keyjitter', 'keys.gapSpread')).toBeGreaterThan(0.05)
    expect(meanFeature('keyiid', 'keys.gapSpread')).toBeGreaterThan(0.15)
    expect(Math.abs(meanFeature('keyiid', 'rhythm.gapLag1'))).toBeLessThan(0.1)
  })

  it("carry serial dependence in keymarkov's timing, which keyiid's lacks", () => {
    expect(meanFeature('keymarkov', 'rhythm.gapLag1')).toBeGreaterThan(
      meanFeature('keyiid', 'rhythm.gapLag1') + 0.1,
    )
  })

  it("replay a person's holds and gaps, shuffled, resampled or warped around them", () => {
    for (let seed = 0; seed < 9; seed++) {
      const r = BOT_FAMILIES.keyreplay.generate(createRng(seed), seed, [], [RHYTHM])
      const holds: number[] = []
      const down = new Map<string, number>()
      for (const e of r.events) {
        if (e.type === 'keydown') down.set(e.key!, e.t_ms)
        else holds.push(e.t_ms - down.get(e.key!)!)
      }
      // the rhythm's holds are 70-130 ms: replayed on a clock of up to 15.6 ms, or warped by 0.7-1.4 with noise
      expect(median(holds)).toBeGreaterThan(0.5 * 100)
      expect(median(holds)).toBeLessThan(1.8 * 100)
    }
  })
})

describe('key rhythms', () => {
  it("are a person's presses in order with hold and gap, modifiers left out, split at breaks of 3 s", () => {
    const events: TraceEvent[] = []
    let t = 0
    for (let i = 0; i < 20; i++) {
      if (i === 3) events.push({ t_ms: t - 50, type: 'keydown', key: 'shift' })
      events.push(
        { t_ms: t, type: 'keydown', key: 'letter' },
        { t_ms: t + 90 + i, type: 'keyup', key: 'letter' },
      )
      if (i === 3) events.push({ t_ms: t + 120, type: 'keyup', key: 'shift' })
      t += i === 9 ? 5000 : 200
    }
    const r: TraceRecord = { ...record(0), events: events.sort((a, b) => a.t_ms - b.t_ms) }
    const rhythms = rhythmsOf([r])
    expect(rhythms.length).toBe(2)
    expect(rhythms[0]!.length).toBe(10)
    expect(rhythms[0]![0]).toEqual({ cls: 'letter', hold: 90, gap: 200 })
    expect(rhythms[0]!.every((k) => k.cls === 'letter')).toBe(true)
    expect(rhythmsOf([{ ...r, label: 'bot' }])).toEqual([])
  })
})

describe('dragging bot generators', () => {
  it('mark the moves made with the button held, and only those, with buttons: 1', () => {
    for (const [name, family] of Object.entries(BOT_FAMILIES)) {
      for (let seed = 1; seed <= 3; seed++) {
        let down = false
        for (const e of family.generate(createRng(seed), seed).events) {
          if (e.type === 'mousedown' || e.type === 'mouseup') expect(e.button, name).toBe(0)
          if (e.type === 'mousedown') down = true
          if (e.type === 'mouseup') down = false
          if (e.type === 'mousemove') expect(e.buttons, name).toBe(down ? 1 : undefined)
        }
      }
    }
  })

  it('drag slider handles 100-300 px along a level track, twice or more, releasing where the drag ends', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const drags = held(BOT_FAMILIES.slider.generate(createRng(seed), seed))
      expect(drags.length).toBeGreaterThanOrEqual(2)
      for (const { down, moves, up } of drags) {
        const path = [down, ...moves]
        const [dx, dy] = [0, 1].map((axis) =>
          path.slice(1).reduce((sum, e, k) => {
            const a = path[k]!
            return sum + Math.abs(axis ? e.y! - a.y! : e.x! - a.x!)
          }, 0),
        )
        expect(dy, `seed ${seed}`).toBeLessThan(0.25 * dx!)
        expect(Math.max(...moves.map((e) => Math.abs(e.y! - down.y!)))).toBeLessThanOrEqual(3.5)
        expect(up.x! - down.x!).toBeGreaterThan(95)
        expect(up.x! - down.x!).toBeLessThan(320)
        expect(Math.hypot(up.x! - moves.at(-1)!.x!, up.y! - moves.at(-1)!.y!)).toBeLessThan(3)
      }
    }
  })

  it('move with the button held between a press and its release in drag and circle sessions', () => {
    for (const name of ['drag', 'circle'] as const) {
      for (let seed = 1; seed <= 8; seed++) {
        const drags = held(BOT_FAMILIES[name].generate(createRng(seed), seed))
        expect(drags.length, name).toBeGreaterThan(0)
        expect(
          drags.some((d) => d.moves.length >= 5),
          name,
        ).toBe(true)
      }
    }
  })

  it('copy a share of the sessions that move with every movement made with the button held, the presses kept', () => {
    for (const name of ['bezier', 'minjerk', 'walk', 'pyautogui'] as const) {
      let copies = 0
      for (let seed = 0; seed < 60; seed++) {
        const r = BOT_FAMILIES[name].generate(createRng(seed), seed, [SCHEDULE])
        const copy = heldCopy(r)
        if (!copy) continue
        copies++
        expect(copy.held).toBe(true)
        expect(copy.session_id).toBe(`${r.session_id}/held`)
        // every move is made with the button held, and each press of the session is still a click in place
        const drags = held(copy)
        expect(
          drags.reduce((n, d) => n + d.moves.length, 0),
          `${name} ${seed}`,
        ).toBe(moves(r).length)
        expect(moves(copy).map((e) => [e.t_ms, e.x, e.y])).toEqual(moves(r).map((e) => [e.t_ms, e.x, e.y]))
        expect(copy.events.filter((e) => e.type === 'click').length).toBe(
          r.events.filter((e) => e.type === 'click').length,
        )
        expect(drags.some((d) => d.moves.length === 0)).toBe(true)
      }
      expect(copies, name).toBeGreaterThanOrEqual(3)
      expect(copies, name).toBeLessThanOrEqual(20)
    }
    // no copy of what already drags, types only, or was recorded
    expect(heldCopy({ ...BOT_FAMILIES.slider.generate(createRng(1), 1), session_id: 'x' })).toBeNull()
    const person = BOT_FAMILIES.bezier.generate(createRng(1), 1, [SCHEDULE])
    for (let k = 0; k < 40; k++)
      expect(heldCopy({ ...person, source: 'sapimouse', label: 'human', session_id: `p/${k}` })).toBeNull()
  })

  it('turn runs of moves into drags ending before the press they led to (withButtonHeld)', () => {
    const events: TraceEvent[] = [
      { t_ms: 0, type: 'mousemove', x: 10, y: 10 },
      { t_ms: 16, type: 'mousemove', x: 20, y: 12 },
      { t_ms: 32, type: 'mousemove', x: 30, y: 15 },
      { t_ms: 300, type: 'mousedown', x: 30, y: 15, button: 0 },
      { t_ms: 380, type: 'mouseup', x: 30, y: 15, button: 0 },
      { t_ms: 380, type: 'click', x: 30, y: 15, button: 0 },
      { t_ms: 900, type: 'mousemove', x: 40, y: 20 },
      { t_ms: 916, type: 'mousemove', x: 50, y: 25 },
    ]
    const out = withButtonHeld(events, createRng(3))
    expect(out.map((e) => e.type)).toEqual([
      'mousedown',
      'mousemove',
      'mousemove',
      'mousemove',
      'mouseup',
      'mousedown',
      'mouseup',
      'click',
      'mousedown',
      'mousemove',
      'mousemove',
      'mouseup',
    ])
    expect(out.filter((e) => e.type === 'mousemove').every((e) => e.buttons === 1)).toBe(true)
    // pressed where the pointer rested, released where the run ended, in time order before the press
    expect([out[0]!.x, out[0]!.y]).toEqual([10, 10])
    expect([out[8]!.x, out[8]!.y]).toEqual([30, 15])
    expect([out[4]!.x, out[4]!.y]).toEqual([30, 15])
    const times = out.map((e) => e.t_ms)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(out[4]!.t_ms).toBeLessThanOrEqual(300)
  })

  it('draw circles that turn through at least 300 degrees with the button held', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const { down, moves } of held(BOT_FAMILIES.circle.generate(createRng(seed), seed))) {
        const path = [down, ...moves]
        const [cx, cy] = [0, 1].map(
          (axis) => path.reduce((sum, e) => sum + (axis ? e.y! : e.x!), 0) / path.length,
        )
        let turned = 0
        for (let k = 1; k < path.length; k++) {
          const angle = (e: TraceEvent) => Math.atan2(e.y! - cy!, e.x! - cx!)
          const step = angle(path[k]!) - angle(path[k - 1]!)
          turned += Math.atan2(Math.sin(step), Math.cos(step))
        }
        expect(Math.abs(turned) * (180 / Math.PI), `seed ${seed}`).toBeGreaterThan(300)
      }
    }
  })
})

describe('sampling clocks', () => {
  const intervals = (name: keyof typeof CLOCKS, seed: number, duration = 2000) =>
    gaps(
      CLOCKS[name]
        .draw(createRng(seed))
        .sample(100, duration)
        .map((tick) => tick.t),
    )

  it('sample a movement from its start to its end, the last sample at the end', () => {
    for (const name of CLOCK_NAMES) {
      for (const duration of [0, 40, 700]) {
        const clock = CLOCKS[name].draw(createRng(9))
        const ticks = clock.sample(1000, duration)
        expect(ticks.length, name).toBeGreaterThan(0)
        expect(ticks[ticks.length - 1]!.u, name).toBe(1)
        expect(
          ticks.every(
            (k, i) => k.t > 1000 && (i === 0 || (k.t >= ticks[i - 1]!.t && k.u >= ticks[i - 1]!.u)),
          ),
        ).toBe(true)
      }
    }
    const at = (u: number) => [10 + 100 * u, 20] as [number, number]
    const moved = sampleMovement(CLOCKS.frame60.draw(createRng(1)), at, 0, 500)
    expect(moved[moved.length - 1]).toMatchObject({ x: 110, y: 20 })
  })

  it('tick at the rates they claim: 60, 125 and 144 Hz, OS timer ticks of 10-16 ms', () => {
    for (let seed = 1; seed <= 5; seed++) {
      expect(Math.abs(median(intervals('frame60', seed)) - 1000 / 60)).toBeLessThan(0.5)
      expect(Math.abs(median(intervals('hz125', seed)) - 8)).toBeLessThanOrEqual(1)
      expect(Math.abs(median(intervals('hz144', seed)) - 1000 / 144)).toBeLessThan(0.5)
      expect(median(intervals('ostimer', seed))).toBeGreaterThanOrEqual(9.5)
      expect(median(intervals('ostimer', seed))).toBeLessThanOrEqual(16.5)
    }
  })

  it('jitter display frames by at most a millisecond and now and then drop one', () => {
    const all = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => intervals('frame60', seed, 10_000))
    const frame = 1000 / 60
    expect(all.every((d) => Math.abs(d - frame * Math.round(d / frame)) <= 2)).toBe(true)
    expect(all.some((d) => Math.abs(d - frame) > 0.3)).toBe(true)
    expect(all.some((d) => Math.round(d / frame) === 2)).toBe(true)
  })

  it('keep a fixed interval fixed and make irregular intervals irregular', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const fixed = intervals('fixed', seed)
      expect(median(fixed)).toBeGreaterThanOrEqual(5)
      expect(median(fixed)).toBeLessThanOrEqual(51)
      expect(Math.max(...fixed) - Math.min(...fixed)).toBeLessThanOrEqual(1)
      const irregular = intervals('lognormal', seed)
      const mean = irregular.reduce((a, b) => a + b, 0) / irregular.length
      const sd = Math.sqrt(irregular.reduce((a, b) => a + (b - mean) ** 2, 0) / irregular.length)
      expect(sd / mean).toBeGreaterThan(0.25)
    }
  })

  it('send N steps whatever the duration: at a small fixed interval, or all within a few ms', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const steps = CLOCKS.steps.draw(createRng(seed))
      const [short, long] = [steps.sample(0, 100), steps.sample(0, 3000)]
      expect(short.length).toBe(long.length)
      expect(Math.max(...gaps(long.map((k) => k.t)))).toBeLessThanOrEqual(20.3)
      const burst = CLOCKS.burst.draw(createRng(seed)).sample(500, 3000)
      expect(burst.length).toBeGreaterThanOrEqual(5)
      expect(burst[burst.length - 1]!.t - 500).toBeLessThan(6)
      const spread = CLOCKS.spread.draw(createRng(seed))
      expect(spread.sample(0, 300).length).toBe(spread.sample(0, 3000).length)
      expect(Math.abs(spread.sample(0, 3000).at(-1)!.t - 3000)).toBeLessThan(60)
    }
  })
})

describe('movement timing', () => {
  it("draws human-like settle and hold times around a person's medians", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = createRng(seed)
      const dwell = DELAYS.human.draw(rng, HUMAN_DWELL)
      const hold = DELAYS.human.draw(rng, HUMAN_HOLD)
      const dwells = Array.from({ length: 400 }, dwell)
      const holds = Array.from({ length: 400 }, hold)
      expect(median(dwells)).toBeGreaterThan(85)
      expect(median(dwells)).toBeLessThan(330)
      expect(median(holds)).toBeGreaterThan(50)
      expect(median(holds)).toBeLessThan(145)
      expect(new Set(holds).size).toBeGreaterThan(300)
    }
    expect(DELAYS.zero.draw()()).toBe(0)
  })

  it("takes longer for longer movements under Fitts' law and constant speed, not at a fixed duration", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const fitts = DURATIONS.fitts.draw(createRng(seed))
      expect(median(Array.from({ length: 50 }, () => fitts(800)))).toBeGreaterThan(
        median(Array.from({ length: 50 }, () => fitts(50))),
      )
      const speed = DURATIONS.speed.draw(createRng(seed))
      expect(speed(2000)).toBeCloseTo(2 * speed(1000))
      const fixed = DURATIONS.fixed.draw(createRng(seed))
      const ratio =
        median(Array.from({ length: 50 }, () => fixed(800))) /
        median(Array.from({ length: 50 }, () => fixed(50)))
      expect(ratio).toBeGreaterThan(0.8)
      expect(ratio).toBeLessThan(1.25)
    }
  })
})

describe('press schedules', () => {
  const rec = (label: 'human' | 'bot', events: TraceEvent[]): TraceRecord => ({
    source: 'test',
    label,
    bot_kind: label === 'bot' ? 'x' : null,
    session_id: 's',
    screen: [1280, 720],
    events,
  })
  const ev = (t_ms: number, type: string, x = 10, y = 20): TraceEvent => ({ t_ms, type, x, y })

  it('are the mousedowns of human mouse records, or their clicks where no mousedown was recorded, with the wait from the last move and the hold where recorded', () => {
    const schedules = schedulesOf([
      rec('human', [ev(0, 'mousemove'), ev(500, 'mousedown', 30, 40), ev(590, 'mouseup'), ev(590, 'click')]),
      rec('human', [ev(0, 'mousemove'), ev(700, 'click', 50, 60)]),
      rec('bot', [ev(100, 'mousedown')]),
      rec('human', [ev(0, 'touchstart'), ev(100, 'mousedown')]),
      rec('human', [ev(0, 'keydown')]),
    ])
    expect(schedules).toEqual([
      { screen: [1280, 720], presses: [{ t: 500, x: 30, y: 40, settle: 500, hold: 90 }] },
      { screen: [1280, 720], presses: [{ t: 700, x: 50, y: 60 }] },
    ])
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
    expect(s.groups['b/bot']).toEqual({ n: 2, pass_rate: 0.5, median_confidence: 0.45, no_evidence: 0 })
  })

  it('leaves calls too thin to judge out of the rates and reports their share', () => {
    const s = summarise([
      { group: 'a/human', human: true, confidence: 0.9 },
      { group: 'a/human', human: true, confidence: 0.3, judged: false },
      { group: 'b/bot', human: false, confidence: 0.2 },
      { group: 'b/bot', human: false, confidence: 0.3, judged: false },
    ])
    expect(s.groups['a/human']).toEqual({ n: 2, pass_rate: 1, median_confidence: 0.9, no_evidence: 0.5 })
    expect(s.overall.human_pass_rate).toBe(1)
    expect(s.overall.auc).toBe(1)
  })
})
