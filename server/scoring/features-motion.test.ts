import { describe, expect, it } from 'vitest'
import type { ButtonSample, MoveSample } from '../../shared/signals.ts'
import { approach } from './features/approach.ts'
import { kinematics } from './features/kinematics.ts'
import { segments } from './features/segments.ts'
import { steps } from './features/steps.ts'
import { framesOf } from './normalise.ts'
import { atan2 } from './strokes.ts'
import { lineMoves, prepared, reachMoves } from './testing.ts'

const named = (names: readonly string[], values: number[]) =>
  Object.fromEntries(names.map((n, i) => [n, values[i]!]))

/** A line walked one pixel per frame, as a slow scripted creep does. */
const creep = (n: number): MoveSample[] => Array.from({ length: n }, (_, i) => [i * 16, 100 + i, 200])

/** Presses (down, up after `hold` ms) at the given moves. */
const pressAt = (m: MoveSample, after = 150, hold = 90): ButtonSample[] => [
  [m[0] + after, 'down', m[1], m[2], 'mouse'],
  [m[0] + after + hold, 'up', m[1], m[2], 'mouse'],
]

describe('frame normalisation', () => {
  it('keeps the last move of each 16 ms frame, with its steps as prepare measures them', () => {
    const moves: MoveSample[] = [
      [0, 0, 0],
      [8, 1, 0],
      [16, 2, 0],
      [24, 3, 0],
      [40, 4, 0],
      [41, 9, 7],
      [70, 12, 3],
    ]
    const frames = framesOf(prepared({ moves }))
    const kept = [moves[1]!, moves[3]!, moves[5]!, moves[6]!]
    const expected = prepared({ moves: kept })
    expect([...frames.t]).toEqual([8, 24, 41, 70])
    for (const column of ['t', 'x', 'y', 'dt', 'dx', 'dy', 'step', 'speed', 'dir'] as const)
      expect([...frames[column]]).toEqual([...expected[column]])
    expect(frames.strokes).toEqual(expected.strokes)
    expect(frames.medianDt).toBe(expected.medianDt)
  })

  it('returns a 60 Hz stream as it is', () => {
    const p = prepared({ moves: reachMoves(30, 100, 600) })
    expect(framesOf(p)).toBe(p)
  })
})

describe('the polynomial atan2', () => {
  it('stays within 2e-5 rad of Math.atan2 in every direction', () => {
    let worst = 0
    for (let k = 0; k < 3600; k++) {
      const a = (k / 3600) * 2 * Math.PI
      for (const r of [1, 7, 300]) {
        const [y, x] = [r * Math.sin(a), r * Math.cos(a)]
        worst = Math.max(worst, Math.abs(atan2(y, x) - Math.atan2(y, x)))
      }
    }
    expect(worst).toBeLessThan(2e-5)
    expect(atan2(0, 0)).toBe(0)
    expect(atan2(0, -5)).toBeCloseTo(Math.PI, 6)
  })
})

describe('step geometry', () => {
  it('finds a line walked in one-pixel steps: unit steps, one long run of the same step', () => {
    const f = named(steps.names, steps.extract(prepared({ moves: creep(60) })))
    expect(f.unitStepShare).toBe(1)
    expect(f.logSameStepRun).toBeGreaterThan(Math.log(50))
    expect(f.distinctStepShare).toBeLessThan(0.05)
  })

  it('finds varied steps in a reach', () => {
    const f = named(steps.names, steps.extract(prepared({ moves: reachMoves(40, 100, 700) })))
    expect(f.unitStepShare).toBeLessThan(0.3)
    expect(f.logSameStepRun).toBeLessThan(Math.log(6))
    expect(f.distinctStepShare).toBeGreaterThan(0.3)
  })

  it('finds axis-aligned steps and moves that go nowhere', () => {
    const flat = lineMoves(30, 10).map(([t, x]) => [t, x, 300] as MoveSample)
    expect(named(steps.names, steps.extract(prepared({ moves: flat }))).axisStepShare).toBe(1)
    const still = [...flat, ...flat.map(([t]) => [t + 1000, 390, 300] as MoveSample)]
    expect(named(steps.names, steps.extract(prepared({ moves: still }))).zeroStepShare).toBeGreaterThan(0.4)
  })
})

describe('kinematics on a 20 ms grid', () => {
  it('finds constant speed steady and smooth', () => {
    const f = named(kinematics.names, kinematics.extract(prepared({ moves: lineMoves(60, 8) })))
    expect(f.steadyShare).toBeGreaterThan(0.9)
    expect(f.accelOverSpeed).toBeLessThan(0.05)
    expect(f.smoothResidual).toBeLessThan(0.02)
  })

  it('finds a bell-shaped reach accelerating and a jittery path off its local fit', () => {
    const reach = named(kinematics.names, kinematics.extract(prepared({ moves: reachMoves(45, 100, 900) })))
    expect(reach.steadyShare).toBeLessThan(0.5)
    expect(reach.accelOverSpeed).toBeGreaterThan(0.05)
    const jitter = lineMoves(60, 8).map(([t, x, y], i) => [t, x, y + (i % 2 ? 3 : -3)] as MoveSample)
    const f = named(kinematics.names, kinematics.extract(prepared({ moves: jitter })))
    expect(f.smoothResidual).toBeGreaterThan(0.1)
    expect(f.jerkOverAccel).toBeGreaterThan(1.5 * reach.jerkOverAccel!)
  })
})

describe('movements cut at pauses and presses', () => {
  it('finds ruler-straight movements', () => {
    const a = lineMoves(20, 10)
    const b = lineMoves(20, -10, 16, 2000, 400, 300)
    const f = named(segments.names, segments.extract(prepared({ moves: [...a, ...b] })))
    expect(f.straightShare).toBe(1)
    expect(f.logDeviation).toBeLessThan(Math.log(0.01))
  })

  it('cuts a movement at a press even without a pause', () => {
    const a = lineMoves(40, 10)
    const one = named(segments.names, segments.extract(prepared({ moves: a })))
    const press: ButtonSample[] = [[a[19]![0] + 1, 'down', a[19]![1], a[19]![2], 'mouse']]
    const two = named(segments.names, segments.extract(prepared({ moves: a, buttons: press })))
    expect(two.perSecond).toBeCloseTo(2 * one.perSecond!, 5)
  })

  it("finds durations that grow with distance (Fitts' law) and fixed durations that do not", () => {
    const fitts: MoveSample[] = []
    const fixed: MoveSample[] = []
    let t = 0
    for (const d of [40, 80, 160, 320, 640, 100, 500]) {
      fitts.push(...reachMoves(Math.round(6 + 6 * Math.log2(d / 20 + 1)), 100, 100 + d, t))
      fixed.push(...reachMoves(20, 100, 100 + d, t))
      t += 2000
    }
    const slope = (moves: MoveSample[]) =>
      named(segments.names, segments.extract(prepared({ moves }))).fittsSlope!
    expect(slope(fitts)).toBeGreaterThan(0.2)
    expect(Math.abs(slope(fixed))).toBeLessThan(0.05)
  })
})

describe('the approach to a press', () => {
  it('finds a press made at full speed, and one after decelerating', () => {
    const line = lineMoves(40, 10)
    const fast = named(
      approach.names,
      approach.extract(prepared({ moves: line, buttons: pressAt(line.at(-1)!, 5) })),
    )
    expect(fast.finalSpeedRatio).toBeGreaterThan(0.9)
    const reach = reachMoves(40, 100, 700)
    const slow = named(
      approach.names,
      approach.extract(prepared({ moves: reach, buttons: pressAt(reach.at(-1)!) })),
    )
    expect(slow.finalSpeedRatio).toBeLessThan(0.3)
  })

  it('finds a press away from the pointer, and moves made with the button held', () => {
    const out = reachMoves(30, 100, 760)
    const back = reachMoves(12, 760, 700, out.at(-1)![0] + 17, 0)
    const moves = [...out, ...back]
    const far: ButtonSample[] = [[moves.at(-1)![0] + 100, 'down', 200, 500, 'mouse']]
    expect(
      named(approach.names, approach.extract(prepared({ moves, buttons: far }))).logPressDistance,
    ).toBeGreaterThan(Math.log(300))
    const held: ButtonSample[] = [
      [out[0]![0] - 1, 'down', 100, 300, 'mouse'],
      [out.at(-1)![0] + 1, 'up', 760, 300, 'mouse'],
    ]
    const drag = named(approach.names, approach.extract(prepared({ moves, buttons: held })))
    expect(drag.dragShare).toBeCloseTo(out.length / moves.length, 5)
  })
})
