import { describe, expect, it } from 'vitest'
import { AUTOMATION_MARKERS } from '../../shared/signals.ts'
import type { ButtonSample, KeySample, MoveSample } from '../../shared/signals.ts'
import { automationFindings } from './automation.ts'
import { HUMAN_THRESHOLD, MIN_EVENTS, NO_EVIDENCE_CONFIDENCE, score } from './index.ts'
import { prepare } from './strokes.ts'
import { lineMoves, reachMoves, signalsOf } from './testing.ts'

/** A few reaches with corrections, settles and presses of varied length: plainly a person. */
function personLike(): { moves: MoveSample[]; buttons: ButtonSample[] } {
  const moves: MoveSample[] = []
  const buttons: ButtonSample[] = []
  let t = 0
  const targets = [700, 200, 900, 400, 800]
  let from = 100
  targets.forEach((to, k) => {
    const reach = reachMoves(28 + k, from, to, t, 15 + k)
    moves.push(...reach)
    t = reach[reach.length - 1]![0] + 40
    const fix = reachMoves(8, to + 12, to, t, 2).map(([tt, x, y]) => [tt, x, y + 3] as MoveSample)
    moves.push(...fix)
    t = fix[fix.length - 1]![0] + 150 + 37 * k
    buttons.push([t, 'down', to, 303, 'mouse'], [t + 70 + 23 * k, 'up', to, 303, 'mouse'])
    t += 600
    from = to
  })
  return { moves, buttons }
}

describe('score', () => {
  it('answers NO_EVIDENCE_CONFIDENCE, below the threshold, with NO_SIGNALS when there are no signals', () => {
    expect(NO_EVIDENCE_CONFIDENCE).toBeLessThan(HUMAN_THRESHOLD)
    expect(score(null)).toEqual({ confidence: NO_EVIDENCE_CONFIDENCE, reasons: ['NO_SIGNALS'] })
  })

  it('answers below the threshold with TOO_FEW_EVENTS on a handful of events', () => {
    const r = score(signalsOf({ moves: lineMoves(4, 7, 23) }))
    expect(r.confidence).toBe(NO_EVIDENCE_CONFIDENCE)
    expect(r.reasons).toContain('TOO_FEW_EVENTS')
  })

  it('never lets a payload that names TOO_FEW_EVENTS reach the threshold, past MIN_EVENTS too', () => {
    // 8 to 31 moves of a reach: some carry weak evidence either way, and say so; the verdict must agree
    const weak = []
    for (let n = MIN_EVENTS; n < 4 * MIN_EVENTS; n++) {
      const r = score(signalsOf({ moves: reachMoves(n, 100, 500, 0, 8) }))
      if (r.reasons.includes('TOO_FEW_EVENTS')) weak.push(r.confidence)
    }
    expect(weak.length).toBeGreaterThan(3)
    expect(Math.max(...weak)).toBeLessThan(HUMAN_THRESHOLD)
  })

  it('blocks the same motion from a WebDriver browser with AUTOMATION_FLAG', () => {
    const r = score(signalsOf({ ...personLike(), a: AUTOMATION_MARKERS.webdriver }))
    expect(r.confidence).toBeLessThanOrEqual(0.05)
    expect(r.reasons[0]).toBe('AUTOMATION_FLAG')
  })

  it('blocks script-dispatched events with UNTRUSTED_EVENTS', () => {
    const s = signalsOf(personLike())
    s.context.u = s.context.n
    const r = score(s)
    expect(r.confidence).toBeLessThanOrEqual(0.1)
    expect(r.reasons).toContain('UNTRUSTED_EVENTS')
  })

  it('blocks events stamped after the payload was encoded with IMPOSSIBLE_TIMING', () => {
    const r = score(signalsOf({ ...personLike(), d: 100 }))
    expect(r.reasons).toContain('IMPOSSIBLE_TIMING')
    expect(r.confidence).toBeLessThanOrEqual(0.1)
  })

  it('does not take clicks released in the same millisecond, as voice control and dwell clicking make them, for IMPOSSIBLE_TIMING', () => {
    const p = personLike()
    const buttons = p.buttons.map((b, i) =>
      i % 2 ? ([p.buttons[i - 1]![0], ...b.slice(1)] as ButtonSample) : b,
    )
    expect(score(signalsOf({ moves: p.moves, buttons })).reasons).not.toContain('IMPOSSIBLE_TIMING')
  })

  it('blocks presses far from where the pointer was with TELEPORT', () => {
    const p = personLike()
    const buttons = p.buttons.map(([t, k, x, y, ptr]) => [t, k, x + 500, y + 200, ptr] as ButtonSample)
    const r = score(signalsOf({ moves: p.moves, buttons }))
    expect(r.reasons).toContain('TELEPORT')
    expect(r.confidence).toBeLessThanOrEqual(0.2)
  })

  it('does not judge presses older than the oldest move the snippet kept', () => {
    const p = personLike()
    const old: ButtonSample[] = [0, 400, 800].flatMap((t, i) => [
      [t, 'down', 900 - 300 * i, 100, 'mouse'],
      [t + 90, 'up', 900 - 300 * i, 100, 'mouse'],
    ])
    const moves = p.moves.map(([t, x, y]) => [t + 2000, x, y] as MoveSample)
    const buttons = [...old, ...p.buttons.map(([t, ...rest]) => [t + 2000, ...rest] as ButtonSample)]
    expect(score(signalsOf({ moves, buttons })).reasons).not.toContain('TELEPORT')
  })

  it('calls mouse presses far apart with no move at all teleports', () => {
    const buttons: ButtonSample[] = [0, 400, 800, 1200].flatMap((t, i) => [
      [t, 'down', 100 + 300 * i, 100, 'mouse'],
      [t + 90 + i, 'up', 100 + 300 * i, 100, 'mouse'],
    ])
    expect(score(signalsOf({ buttons })).reasons).toContain('TELEPORT')
  })

  it('blocks a form submitted by one mouse press that no movement led to, with TELEPORT', () => {
    const click: ButtonSample[] = [
      [900, 'down', 640, 410, 'mouse'],
      [960, 'up', 640, 410, 'mouse'],
      [961, 'click', 640, 410, 'mouse'],
    ]
    const r = score(signalsOf({ buttons: click }))
    expect(r.reasons).toContain('TELEPORT')
    expect(r.confidence).toBeLessThan(HUMAN_THRESHOLD)
    // a tap on a touch screen, or a click typed into the form first, is not that
    const tap = click.map(([t, k, x, y]): ButtonSample => [t, k, x, y, 'touch'])
    expect(score(signalsOf({ buttons: tap })).reasons).not.toContain('TELEPORT')
    const keys: KeySample[] = [
      [100, 'down', 'letter'],
      [190, 'up', 'letter'],
    ]
    expect(score(signalsOf({ buttons: click, keys })).reasons).not.toContain('TELEPORT')
  })

  it('does not call clicking again and again where the pointer rests a teleport', () => {
    const buttons: ButtonSample[] = [0, 300, 650].flatMap((t, i): ButtonSample[] => [
      [t, 'down', 839, 307, 'mouse'],
      [t + 95 + 7 * i, 'up', 839, 307, 'mouse'],
    ])
    expect(score(signalsOf({ buttons })).reasons).not.toContain('TELEPORT')
  })

  it('does not call taps on a touch screen teleports', () => {
    const p = personLike()
    const buttons = p.buttons.map(([t, k, x, y]) => [t, k, x + 500, y + 200, 'touch'] as ButtonSample)
    expect(score(signalsOf({ moves: p.moves, buttons })).reasons).not.toContain('TELEPORT')
  })

  it('blocks ruler-straight, constant-speed strokes with LINEAR_MOTION', () => {
    const moves = [...lineMoves(30, 12, 16, 0), ...lineMoves(30, -12, 16, 1500, 460, 280)]
    const r = score(signalsOf({ moves }))
    expect(r.confidence).toBeLessThan(HUMAN_THRESHOLD)
    expect(r.reasons).toContain('LINEAR_MOTION')
  })

  it('blocks a pointer holding one velocity through a corner without pausing, with LINEAR_MOTION', () => {
    const out = lineMoves(25, 12, 20, 0)
    const last = out[out.length - 1]!
    const back = lineMoves(25, -12, 20, last[0] + 150, last[1], last[2]).map(
      ([t, x, y]) => [t, x, 2 * last[2] - y] as MoveSample,
    )
    const r = score(signalsOf({ moves: [...out, ...back.slice(1)] }))
    expect(r.reasons).toContain('LINEAR_MOTION')
    expect(r.confidence).toBeLessThanOrEqual(0.15)
  })

  it('blocks straight lines joined by clicks, the next line started within a pause, with LINEAR_MOTION', () => {
    // a loop on a 50 ms timer: a straight line to each target, a click on arrival, 200 ms, the next line
    const moves: MoveSample[] = [[0, 100, 100]]
    const buttons: ButtonSample[] = []
    const targets = [
      [700, 400],
      [200, 800],
      [900, 300],
      [300, 200],
      [800, 700],
    ] as const
    let [t, x0, y0] = moves[0]!
    for (const [x1, y1] of targets) {
      for (let i = 1; i <= 9; i++)
        moves.push([(t += 50), Math.round(x0 + ((x1 - x0) * i) / 9), Math.round(y0 + ((y1 - y0) * i) / 9)])
      buttons.push([t, 'down', x1, y1, 'mouse'], [t + 50, 'up', x1, y1, 'mouse'])
      t += 200
      ;[x0, y0] = [x1, y1]
    }
    const r = score(signalsOf({ moves, buttons }))
    expect(r.reasons).toContain('LINEAR_MOTION')
    expect(r.confidence).toBeLessThanOrEqual(0.15)
  })

  it('finds no hard evidence in a person who clicks and reaches on for the next target without pausing', () => {
    const moves: MoveSample[] = []
    const buttons: ButtonSample[] = []
    let t = 0
    let from = 100
    ;[700, 200, 900, 400, 800].forEach((to, k) => {
      const reach = reachMoves(24 + 2 * k, from, to, t, 5 + k)
      moves.push(...reach)
      t = reach[reach.length - 1]![0] + 20 + 7 * k
      buttons.push([t, 'down', to, 300, 'mouse'], [t + 60 + 11 * k, 'up', to, 300, 'mouse'])
      t += 150
      from = to
    })
    // the straight- and constant-stroke rules cut strokes at presses; reaches that curve are not lines
    expect(automationFindings(prepare(signalsOf({ moves, buttons })))).toEqual([])
  })

  it('blocks presses made at full speed, without slowing onto the target, with IMPOSSIBLE_TIMING', () => {
    const moves: MoveSample[] = []
    const buttons: ButtonSample[] = []
    let t = 0
    for (const [x0, x1] of [
      [100, 700],
      [700, 200],
      [200, 900],
    ] as const) {
      for (let i = 1; i <= 6; i++) moves.push([t + 8 * i, x0 + ((x1 - x0) * i) / 6, 300 + i])
      t += 50
      buttons.push([t - 1, 'down', x1, 306, 'mouse'], [t + 79, 'up', x1, 306, 'mouse'])
      t += 700
    }
    const r = score(signalsOf({ moves, buttons }))
    expect(r.reasons).toContain('IMPOSSIBLE_TIMING')
    expect(r.confidence).toBeLessThanOrEqual(0.1)
  })

  it('judges a keyboard-only session on its typing', () => {
    const keys: KeySample[] = []
    for (let i = 0; i < 40; i++) keys.push([i * 100, 'down', 'letter'], [i * 100 + 50, 'up', 'letter'])
    const r = score(signalsOf({ keys }))
    expect(r.confidence).toBeLessThan(HUMAN_THRESHOLD)
    expect(r.reasons).toContain('REGULAR_TIMING')
  })

  it('passes a person typing on an on-screen keyboard, whose keys have no hold, on the rhythm of the gaps', () => {
    const buttons: ButtonSample[] = [
      [0, 'down', 200, 300, 'touch'],
      [90, 'up', 200, 300, 'touch'],
    ]
    const keys: KeySample[] = []
    let t = 500
    for (let i = 0; i < 40; i++) {
      keys.push([t, 'down', 'other'], [t, 'up', 'other'])
      t += 140 + ((i * 97) % 230)
    }
    const r = score(signalsOf({ keys, buttons }))
    expect(r.confidence).toBeGreaterThanOrEqual(HUMAN_THRESHOLD)
    expect(r.reasons).toContain('HUMAN_TYPING')
    // the same keyboard at a metronome's pace is not passed
    const metronome = keys.map(([, kind, cls], i): KeySample => [500 + Math.floor(i / 2) * 150, kind, cls])
    expect(score(signalsOf({ keys: metronome, buttons })).confidence).toBeLessThan(HUMAN_THRESHOLD)
    // and without the tap that shows a touch screen, keys without holds are a script's
    expect(score(signalsOf({ keys })).confidence).toBeLessThan(HUMAN_THRESHOLD)
  })

  it('answers a confidence in [0, 1] and only known reason codes', () => {
    const r = score(signalsOf(personLike()))
    expect(r.confidence).toBeGreaterThanOrEqual(0)
    expect(r.confidence).toBeLessThanOrEqual(1)
    expect(new Set(r.reasons).size).toBe(r.reasons.length)
  })
})
