import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ButtonSample, KeySample, MoveSample, ScrollSample } from '../../shared/signals.ts'
import { clicks } from './features/clicks.ts'
import { FEATURES } from './features/index.ts'
import { keys } from './features/keys.ts'
import { noise } from './features/noise.ts'
import { path } from './features/path.ts'
import { powerlaw } from './features/powerlaw.ts'
import { scroll } from './features/scroll.ts'
import { timing } from './features/timing.ts'
import { velocity } from './features/velocity.ts'
import { lineMoves, prepared, reachMoves } from './testing.ts'

const named = (names: readonly string[], values: number[]) =>
  Object.fromEntries(names.map((n, i) => [n, values[i]]))

describe('feature registry', () => {
  it('registers every feature file in the folder', async () => {
    const files = readdirSync(new URL('./features/', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && f !== 'index.ts',
    )
    const registered = new Set<unknown>(Object.values(FEATURES))
    for (const file of files) {
      const mod = (await import(new URL(`./features/${file}`, import.meta.url).href)) as Record<
        string,
        unknown
      >
      expect(
        Object.values(mod).some((v) => registered.has(v)),
        `${file} is not in features/index.ts`,
      ).toBe(true)
    }
    expect(files.length).toBe(Object.keys(FEATURES).length)
  })

  it('returns one value per name from every group, even on an empty session', () => {
    for (const g of Object.values(FEATURES)) expect(g.extract(prepared({})).length).toBe(g.names.length)
  })
})

describe('path features', () => {
  it('call a ruler-straight line straight, with its steps repeated', () => {
    const f = named(path.names, path.extract(prepared({ moves: lineMoves(30) })))
    expect(f.straightness).toBeGreaterThan(0.999)
    expect(f.repeatedStepShare).toBeGreaterThan(0.9)
  })

  it('call a wandering reach less straight, with no step repeated much', () => {
    const moves = reachMoves(40, 100, 700, 0, 40)
    const f = named(path.names, path.extract(prepared({ moves })))
    expect(f.straightness).toBeLessThan(0.99)
    expect(f.repeatedStepShare).toBeLessThan(0.3)
  })
})

describe('velocity features', () => {
  it('find the speed of a constant-speed line flat', () => {
    const f = named(velocity.names, velocity.extract(prepared({ moves: lineMoves(30) })))
    expect(f.flatSpeedShare).toBe(1)
    expect(f.speedCv).toBeLessThan(0.1)
  })

  it('find two speed peaks in a reach followed by a correction', () => {
    const moves = [
      ...reachMoves(30, 100, 700),
      ...reachMoves(12, 700, 640, 30 * 16.7 + 60).map((m) => [Math.round(m[0]), m[1], m[2]] as MoveSample),
    ]
    const f = named(velocity.names, velocity.extract(prepared({ moves })))
    expect(f.multiPeakShare).toBe(1)
    expect(f.flatSpeedShare).toBe(0)
  })
})

describe('power-law features', () => {
  it('find speed falling with curvature on an ellipse traced as people do (v ~ curvature^-1/3)', () => {
    const moves: MoveSample[] = []
    let t = 0
    for (let i = 0; i < 200; i++) {
      const a = (i / 200) * 2 * Math.PI
      moves.push([Math.round(t), Math.round(500 + 300 * Math.cos(a)), Math.round(400 + 80 * Math.sin(a))])
      // curvature of the ellipse at a, and a time step making speed proportional to curvature^(-1/3)
      const k = (300 * 80) / (300 ** 2 * Math.sin(a) ** 2 + 80 ** 2 * Math.cos(a) ** 2) ** 1.5
      const ds = Math.hypot(300 * Math.sin(a), 80 * Math.cos(a)) * ((2 * Math.PI) / 200)
      t += ds / (0.05 * k ** (-1 / 3))
    }
    const f = named(powerlaw.names, powerlaw.extract(prepared({ moves })))
    expect(f.speedCurvatureSlope).toBeLessThan(-0.2)
    expect(f.speedCurvatureFit).toBeGreaterThan(0.5)
  })

  it('has nothing to say about a straight line', () => {
    expect(powerlaw.extract(prepared({ moves: lineMoves(30) })).every(Number.isNaN)).toBe(true)
  })
})

describe('noise features', () => {
  /** A wavy path whose wobble is `amp(speed)` px, moving at a speed that rises and falls. */
  const wobbly = (amp: (speed: number) => number): MoveSample[] => {
    const moves: MoveSample[] = []
    let x = 100
    for (let i = 0; i < 80; i++) {
      const speed = 0.2 + 1.8 * Math.abs(Math.sin(i / 9))
      x += speed * 16
      moves.push([i * 16, Math.round(x), Math.round(400 + (i % 2 ? 1 : -1) * amp(speed))])
    }
    return moves
  }

  it('find the wobble of a path growing with its speed, as in a hand', () => {
    const [c] = noise.extract(prepared({ moves: wobbly((v) => 1.5 * v) }))
    expect(c).toBeGreaterThan(0.3)
  })

  it('find no coupling when the wobble is one size everywhere', () => {
    const [c] = noise.extract(prepared({ moves: wobbly(() => 2) }))
    expect(Math.abs(c!)).toBeLessThan(0.3)
  })
})

describe('timing features', () => {
  it('find perfectly regular intervals regular, and no creeping in big steps', () => {
    const f = named(timing.names, timing.extract(prepared({ moves: lineMoves(30, 10, 10) })))
    expect(f.dtIrregularity).toBeLessThan(0.1)
    expect(f.creepShare).toBe(0)
  })

  it('count one- and two-pixel steps as creeping', () => {
    const f = named(timing.names, timing.extract(prepared({ moves: lineMoves(30, 1, 16) })))
    expect(f.creepShare).toBeGreaterThan(0.9)
  })
})

const press = (t: number, hold: number): ButtonSample[] => [
  [t, 'down', 10, 10, 'mouse'],
  [t + hold, 'up', 10, 10, 'mouse'],
]

describe('click features', () => {
  it('see identical press times as no spread', () => {
    const f = named(
      clicks.names,
      clicks.extract(prepared({ buttons: [0, 1000, 2000, 3000].flatMap((t) => press(t, 80)) })),
    )
    expect(f.pressSpread).toBe(0)
    expect(f.logPress).toBeCloseTo(Math.log(81))
  })

  it('see varied press times as spread, and leave drags out', () => {
    const buttons = [...press(0, 60), ...press(1000, 120), ...press(2000, 95), ...press(3000, 5000)]
    const f = named(clicks.names, clicks.extract(prepared({ buttons })))
    expect(f.pressSpread).toBeGreaterThan(0.2)
    expect(f.logPress).toBeLessThan(Math.log(200))
  })
})

const keyPress = (t: number, hold: number, cls: KeySample[2] = 'letter'): KeySample[] => [
  [t, 'down', cls],
  [t + hold, 'up', cls],
]

describe('key features', () => {
  it('find fixed-delay typing without spread or rollover', () => {
    const k = Array.from({ length: 20 }, (_, i) => keyPress(i * 100, 50)).flat()
    const f = named(keys.names, keys.extract(prepared({ keys: k })))
    expect(f.holdSpread).toBe(0)
    expect(f.gapSpread).toBe(0)
    expect(f.rolloverShare).toBe(0)
  })

  it('find varied holds and gaps, and count a key pressed before the last was released', () => {
    const holds = [80, 120, 95, 140, 70, 110]
    const gaps = [150, 320, 90, 210, 400, 180]
    const k: KeySample[] = []
    let t = 0
    holds.forEach((h, i) => {
      k.push(...keyPress(t, h, i % 2 ? 'space' : 'letter'))
      t += gaps[i]!
    })
    const f = named(keys.names, keys.extract(prepared({ keys: k.sort((a, b) => a[0] - b[0]) })))
    expect(f.holdSpread).toBeGreaterThan(0.1)
    expect(f.gapSpread).toBeGreaterThan(0.2)
    expect(f.rolloverShare).toBeGreaterThan(0)
  })

  it('see the spread of holds timed on a coarse clock, where most land on one tick', () => {
    // a 15.6 ms timer: seven holds of 62 ms, three of 78, one of 94 (a person on a numeric keypad)
    const holds = [62, 62, 78, 62, 62, 94, 62, 78, 62, 78, 62]
    const k = holds.flatMap((h, i) => keyPress(i * 312, h, 'digit'))
    const f = named(keys.names, keys.extract(prepared({ keys: k })))
    expect(f.holdSpread).toBeGreaterThan(0.05)
    // a fixed hold, give or take the millisecond a browser rounds to, stays near 0
    const fixed = holds.flatMap((_, i) => keyPress(i * 312, 62 + (i % 2), 'digit'))
    expect(named(keys.names, keys.extract(prepared({ keys: fixed }))).holdSpread).toBeLessThan(0.01)
  })

  it("leave holds unmeasured when keys go up with their down, as on a phone's on-screen keyboard", () => {
    const gaps = [150, 320, 90, 210, 400, 180, 260, 140]
    const k: KeySample[] = []
    let t = 0
    for (const [i, gap] of gaps.entries()) {
      k.push(...keyPress(t, i % 3))
      t += gap
    }
    const tap: ButtonSample[] = [[-500, 'down', 200, 300, 'touch']]
    const f = named(keys.names, keys.extract(prepared({ keys: k, buttons: tap })))
    expect(f.logHold).toBeNaN()
    expect(f.holdSpread).toBeNaN()
    expect(f.gapSpread).toBeGreaterThan(0.2)
    // without the finger that focused the field, keys released with their down are a script's
    const script = named(keys.names, keys.extract(prepared({ keys: k })))
    expect(script.logHold).toBeLessThan(Math.log(4))
  })
})

describe('scroll features', () => {
  it('find a script scrolling one amount at one interval regular', () => {
    const s: ScrollSample[] = Array.from({ length: 10 }, (_, i) => [i * 100, 'wheel', 100, 0])
    const f = named(scroll.names, scroll.extract(prepared({ scrolls: s })))
    expect(f.scrollGapSpread).toBe(0)
    expect(f.decayShare).toBe(0)
  })

  it('find touch-pad inertia as decaying deltas', () => {
    const deltas = [120, 90, 60, 40, 25, 12, 6, 3]
    const s: ScrollSample[] = deltas.map((d, i) => [i * 16 + (i % 3), 'wheel', d, 0])
    const f = named(scroll.names, scroll.extract(prepared({ scrolls: s })))
    expect(f.decayShare).toBe(1)
  })
})
