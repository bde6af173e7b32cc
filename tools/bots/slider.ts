/**
 * A slider captcha solved by a script: press on the handle, drag it along its track to the gap with the
 * button held, release; a failed attempt and a retry or more, each on a new puzzle. The drag is drawn from
 * what attack tools do: linear, eased out (cubic, quad), the accelerate-then-brake track of the cracking
 * tutorials, or a pass beyond the gap and back; the track wobbles 0-3 px vertically (a random walk or a
 * sine) and the script may stop a few ms to 200 ms on its way. Clock and timing are drawn per session.
 */
import type { BotFamily } from './family.ts'
import type { Path, Point } from './paths.ts'
import { EASES, byIndex, distance, lerp } from './paths.ts'
import { cutStrokes, drawMover, play, type Mover, type Stroke } from './pointer.ts'
import type { Rng } from './rng.ts'
import { finish, hold, move, release, startSession } from './session.ts'

/** Phone, tablet and desktop viewports: attack tools often emulate a phone. */
const VIEWPORTS: readonly [number, number][] = [
  [360, 640],
  [390, 844],
  [768, 1024],
  [1280, 720],
  [1366, 768],
  [1440, 900],
  [1536, 864],
  [1920, 1080],
]
const PROFILES = ['linear', 'cubicOut', 'quadOut', 'physics', 'overshoot'] as const
type Profile = (typeof PROFILES)[number]
const cubicOut = (u: number) => 1 - (1 - u) ** 3

/**
 * The accelerate-then-brake track: a position every `dt` of simulated time, speeding up until `mid` of the
 * way, then braking hard enough to stop at (or a little past) the end.
 */
function physicsTrack(rng: Rng, length: number): number[] {
  const [up, mid, dt] = [rng.range(1.5, 4), rng.range(0.6, 0.85), rng.range(0.1, 0.3)]
  const down = ((up * mid) / (1 - mid)) * rng.range(0.5, 1)
  const xs = [0]
  for (let x = 0, v = 0; x < length && xs.length < 400;) {
    const a = x < mid * length ? up : -down
    xs.push((x += Math.max(0.3, v * dt + (a * dt * dt) / 2)))
    v = Math.max(0, v + a * dt)
  }
  return xs
}

/** The vertical wobble of one drag (px, by share u of it): none, a random walk, or a sine, within 3 px. */
function wobble(rng: Rng): (u: number) => number {
  const [amp, kind] = [rng.range(0, 3), rng.pick(['none', 'walk', 'sine'] as const)]
  if (kind === 'sine') {
    const cycles = rng.range(0.3, 1.5)
    return (u) => amp * Math.sin(2 * Math.PI * cycles * u)
  }
  const ys: Point[] = [[0, 0]]
  for (let k = kind === 'walk' ? rng.int(3, 12) : 0; k > 0; k--)
    ys.push([0, Math.max(-amp, Math.min(amp, ys.at(-1)![1] + rng.int(-1, 1)))])
  const at = byIndex(ys)
  return (u) => at(u)[1]
}

/** The strokes of one drag of the handle from `from` by `offset` px, stopping `stops` times on the way. */
function drag(m: Mover, profile: Profile, from: Point, offset: number, stops: number): Stroke[] {
  const { rng, timing } = m
  const dy = wobble(rng)
  const along = (ease: (u: number) => number, by: number): Path => {
    return (u) => [from[0] + by * ease(u), from[1] + dy(u)]
  }
  const pause = () => rng.range(3, 200)
  const cuts = Array.from({ length: stops }, () => rng.range(0.1, 0.9)).sort((a, b) => a - b)
  if (profile === 'physics') {
    const xs = physicsTrack(rng, offset)
    return [{ perTick: xs.slice(1).map((x, i) => [from[0] + x, from[1] + dy((i + 1) / (xs.length - 1))]) }]
  }
  if (profile === 'overshoot') {
    const past = offset + rng.range(3, 20)
    const out = cutStrokes(along(cubicOut, past), timing.duration(past), cuts, pause)
    out.at(-1)!.pause = rng.range(20, 200)
    const back: Path = (u) => [from[0] + past + (offset - past) * EASES.sine(u), from[1] + dy(1)]
    return [...out, { at: back, duration: rng.range(80, 300) }]
  }
  const ease = profile === 'cubicOut' ? cubicOut : EASES[profile]
  return cutStrokes(along(ease, offset), timing.duration(offset), cuts, pause)
}

export const slider: BotFamily = {
  describe: 'a slider captcha dragged by a script: linear, eased, accelerate-brake or overshoot, retries',
  generate(rng, index) {
    const s = startSession(rng)
    s.screen = rng.pick(VIEWPORTS)
    const m = drawMover(s)
    const [profile, approach] = [rng.pick(PROFILES), rng.pick(['none', 'jump', 'path'] as const)]
    const [ease, stops, clicks] = [rng.pick(Object.values(EASES)), rng.pick([0, 0, 1, 2]), rng.next() < 0.6]
    const handle: Point = [rng.int(40, 120), rng.int(300, 600)]
    const room = Math.min(300, s.screen[0] - handle[0] - 30)
    ;[s.x, s.y] =
      approach === 'none' ? handle : [handle[0] + rng.range(-30, 250), handle[1] + rng.range(-250, 250)]
    const end = s.t + rng.range(3000, 20000)
    for (let k = 0; k < 2 || (s.t < end && k < 6); k++) {
      if (k > 0) s.t += rng.range(500, 3000)
      const from: Point = [s.x, s.y]
      if (approach === 'path' && distance(from, handle) > 1) {
        const at: Path = (u) => lerp(from, handle, ease(u))
        play(m, [{ at, duration: m.timing.duration(distance(from, handle)) }])
      }
      if (distance([s.x, s.y], handle) > 0) {
        s.t = m.clock.next(s.t)
        move(s, ...handle)
      }
      s.t += m.timing.dwell()
      hold(s)
      s.t += rng.range(3, 200)
      play(m, drag(m, profile, handle, rng.range(100, room), stops))
      s.t += rng.range(0, 300)
      release(s, clicks)
    }
    return finish(s, 'slider', index)
  },
}
