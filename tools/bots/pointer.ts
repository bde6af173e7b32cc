/**
 * The session every path family shares: a clock, a timing and habits drawn per session independently of the
 * path; presses at a person's recorded times and places (or at random targets); each family supplies only
 * its way of reaching a target.
 */
import type { TraceEvent } from '../data.ts'
import type { BotFamily } from './family.ts'
import type { Clock, ClockName } from './clocks.ts'
import { drawClock, sampleMovement } from './clocks.ts'
import { drawFrames, throughDisplay, type DisplayMode, type Frames } from './display.ts'
import { drawKeyStyle, scrollWheel, typeKeys, type KeyStyle } from './form.ts'
import type { Path, Point } from './paths.ts'
import type { Rng } from './rng.ts'
import { createRng, logNormal } from './rng.ts'
import { nextPress, planPresses, type PlannedPress } from './schedules.ts'
import type { Session } from './session.ts'
import { finish, move, press, sessionLength, startSession } from './session.ts'
import type { Timing } from './timing.ts'
import { drawTiming } from './timing.ts'

/** A point a tool sends `dt` ms after the one before, on its own timing rather than the session's clock. */
export interface TimedPoint {
  dt: number
  p: Point
}

/**
 * One sub-movement: a path over a duration, points sent one per clock tick, or points on the tool's own
 * timing; then a pause (ms).
 */
export type Stroke = ({ at: Path; duration: number } | { perTick: Point[] } | { timed: TimedPoint[] }) & {
  pause?: number
}

export interface Mover {
  s: Session
  rng: Rng
  clock: Clock
  timing: Timing
  /** moves sent at whole pixels, a move that changes nothing left out */
  whole: boolean
  /** small moves while waiting */
  drift: boolean
  /** types into fields after some presses */
  keys: KeyStyle | null
  /** wheel notch in px, or 0 for a session that never scrolls */
  notch: number
  /** ms left for the coming movement before a replayed press is due (Infinity when there is no schedule) */
  budget: number
  /** what the page sees of the moves (tools/bots/display.ts), on which display's frames */
  display: { mode: DisplayMode; frames: Frames }
  /** a replayed press waits and holds as long as the person did before and on that press */
  personPress: boolean
  /** draws for the display, apart from `rng` so that the paths stay as they were */
  later: Rng
  /** the press the coming reach is for (a replayed one carries the person's own path onto it) */
  planned: PlannedPress | null
}

/** How a family moves: the strokes from the pointer's position (m.s.x, m.s.y) to `target`. */
export type Reach = (target: Point) => Stroke[]

/** A family's way of moving for one session: draws the session's parameters from m.rng, returns its Reach. */
export type Style = (m: Mover) => Reach

export interface PointerOptions {
  /** the clocks this family may be sampled on (default: all) */
  clocks?: readonly ClockName[]
  /** positions sent as computed, never rounded to whole pixels */
  exact?: boolean
  /** positions always rounded to whole pixels (an OS cursor) */
  whole?: boolean
  /**
   * an OS-level tool: what the page sees of its moves is drawn (as sent, coalesced to a display's frames,
   * or resampled at them); other families' moves are what the page sees
   */
  display?: boolean
}

/**
 * The share of path-family sessions that press with a person's recorded settle and hold (the schedule's).
 * Tried at 35%: held out, people's single reaches and whole unseen sources passed less often (a bot with a
 * person's presses leaves the model only the motion to judge a reach by), with no clear gain on the
 * human-like families, so it is off; the knob stays for a later look with more human data.
 */
const PERSON_PRESS_SHARE = 0

const DISPLAY_DRAW: readonly DisplayMode[] = ['as_sent', 'coalesced', 'coalesced', 'resampled']

/**
 * The habits added after the first families (the display, a person's press timing) come from an
 * rng of their own, seeded by the session's index, so the older draws, and the older families' paths, stay
 * as they were.
 */
function drawLater(index: number | undefined, opts: PointerOptions) {
  const rng = createRng(0x9e3779b9 ^ Math.imul((index ?? 0) + 1, 0x85ebca6b))
  const later = index !== undefined
  return {
    display: { mode: later && opts.display ? rng.pick(DISPLAY_DRAW) : 'as_sent', frames: drawFrames(rng) },
    personPress: later && rng.next() < PERSON_PRESS_SHARE,
    rng,
  }
}

/** A session's mover; given the session's index, with the later habits drawn too (the path families'). */
export function drawMover(s: Session, opts: PointerOptions = {}, index?: number): Mover {
  const { rng } = s
  const later = drawLater(index, opts)
  return {
    s,
    rng,
    clock: drawClock(rng, opts.clocks),
    timing: drawTiming(rng),
    whole: !opts.exact && rng.next() < 0.6 ? true : !!opts.whole,
    drift: rng.next() < 0.5,
    keys: rng.next() < 0.3 ? drawKeyStyle(rng, ['human', 'fixed', 'uniform']) : null,
    notch: rng.next() < 0.25 ? rng.pick([53, 100, 120]) : 0,
    budget: Infinity,
    display: later.display,
    personPress: later.personPress,
    later: later.rng,
    planned: null,
  }
}

function emit(m: Mover, x: number, y: number): void {
  if (m.whole) {
    ;[x, y] = [Math.round(x), Math.round(y)]
    if (x === m.s.x && y === m.s.y) return
  }
  move(m.s, x, y)
}

/**
 * A movement along `at` lasting `duration` ms, cut at the shares `cuts` (ascending, inside 0..1) into strokes
 * with a pause of `pause()` ms after each cut: a script that stops on its way.
 */
export function cutStrokes(
  at: Path,
  duration: number,
  cuts: readonly number[],
  pause: () => number,
): Stroke[] {
  const edges = [0, ...cuts, 1]
  return cuts.concat(1).map((b, i) => {
    const a = edges[i]!
    return { at: (u) => at(a + (b - a) * u), duration: duration * (b - a), pause: b < 1 ? pause() : 0 }
  })
}

/** How long the strokes are meant to take, ms. */
export function plannedMs(m: Mover, strokes: readonly Stroke[]): number {
  let ms = 0
  for (const st of strokes) {
    if ('at' in st) ms += st.duration
    else if ('perTick' in st) ms += st.perTick.length * m.clock.period
    else for (const { dt } of st.timed) ms += dt
    ms += st.pause ?? 0
  }
  return ms
}

/** Sends the strokes on the session's clock, durations and pauses times `scale`. */
export function play(m: Mover, strokes: readonly Stroke[], scale = 1): void {
  const { s } = m
  for (const st of strokes) {
    if ('at' in st) {
      const samples = sampleMovement(m.clock, st.at, s.t, st.duration * scale)
      samples.forEach(({ t, x, y }) => {
        s.t = t
        emit(m, x, y)
      })
    } else if ('perTick' in st) {
      st.perTick.forEach(([x, y]) => {
        s.t = m.clock.next(s.t)
        emit(m, x, y)
      })
    } else {
      st.timed.forEach(({ dt, p: [x, y] }) => {
        s.t += dt * scale
        emit(m, x, y)
      })
    }
    s.t += (st.pause ?? 0) * scale
  }
}

/** Waits until `until`; a session that drifts moves a pixel or so, one step a tick, now and then. */
export function idle(m: Mover, until: number): void {
  const { s, rng } = m
  while (m.drift && until - s.t > 400) {
    const t = s.t + rng.range(150, Math.min(900, until - s.t - 200))
    const steps: Point[] = []
    for (let k = rng.int(1, 3), [x, y] = [s.x, s.y]; k > 0; k--)
      steps.push([(x += rng.int(-1, 1)), (y += rng.int(-1, 1))])
    if (t + 2 * steps.length * m.clock.period > until - 100) break
    s.t = t
    play(m, [{ perTick: steps }])
  }
  s.t = Math.max(s.t, until)
}

/** Some typing or a scroll after a press, if the session has the habit and there is time before `until`. */
function extras(m: Mover, until: number): void {
  const { s, rng } = m
  if (m.keys && until - s.t > 1500 && rng.next() < 0.4) {
    s.t += logNormal(rng, 300, 0.4)
    typeKeys(s, m.keys, rng.int(3, 25), until - 500)
  } else if (m.notch && until - s.t > 800 && rng.next() < 0.3) {
    s.t += rng.range(100, 400)
    scrollWheel(s, m.notch, () => logNormal(rng, 60, 0.5))
  }
}

/** A family whose sessions are presses on targets, each reached in the way `style` draws for the session. */
export function pointerFamily(
  name: string,
  describe: string,
  style: Style,
  opts: PointerOptions = {},
): BotFamily {
  return {
    describe,
    generate(rng, index, schedules = []) {
      const s = startSession(rng)
      const m = drawMover(s, opts, index)
      const reach = style(m)
      const length = sessionLength(rng)
      const plan = planPresses(s, schedules, length)
      const end = s.t + length
      for (let i = 0; ; i++) {
        const p = nextPress(rng, s.screen, plan, i, s.t, end)
        // a family too slow for the person's schedule stops when its session has run long
        if (!p || s.t > end + 10_000) break
        const person = m.personPress && p.settle !== undefined && p.hold !== undefined
        const dwell = person ? p.settle! : m.timing.dwell()
        m.budget = p.t === null ? Infinity : p.t - s.t - dwell
        m.planned = p
        const near = Math.hypot(p.x - s.x, p.y - s.y) < 2
        const strokes = near ? [] : reach([p.x, p.y])
        let scale = 1
        if (p.t !== null) {
          // a replayed press: start so as to press at the person's time, hurrying if late
          const need = plannedMs(m, strokes) + dwell
          scale = Math.min(1, Math.max(0.3, (p.t - s.t) / Math.max(1, need)))
          idle(m, p.t - need * scale)
        }
        play(m, strokes, scale)
        s.t += dwell * scale
        press(s, person ? p.hold! : m.timing.hold())
        const next = plan ? (plan[i + 1]?.t ?? s.t) : s.t + rng.range(300, 2500)
        extras(m, next)
        if (!plan) idle(m, next)
      }
      const { mode, frames } = m.display
      s.events = throughDisplay(sorted(s.events), mode, frames, m.later, m.whole)
      return finish(s, name, index)
    },
  }
}

/** Events in time order, those written at one time in the order written. */
function sorted(events: readonly TraceEvent[]): TraceEvent[] {
  return [...events].sort((a, b) => a.t_ms - b.t_ms)
}
