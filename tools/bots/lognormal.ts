/**
 * The sigma-lognormal model of the Kinematic Theory (Plamondon), the standard way to synthesise a person's
 * aimed movement: a primary stroke and one or two corrections, each a lognormal speed impulse (rising fast,
 * ending slowly) along a circular arc, the corrections starting before the stroke before them has ended, so
 * speed dips between them without stopping. Smoothed noise on top; clock, durations and presses drawn per
 * session as for every path family.
 */
import type { Path, Point } from './paths.ts'
import { distance, tremble } from './paths.ts'
import { pointerFamily } from './pointer.ts'
import type { Rng } from './rng.ts'

/** One lognormal stroke: onset and span (ms), log-time spread, amplitude (px) along an arc of angles. */
export interface LognormalStroke {
  onset: number
  span: number
  sigma: number
  amplitude: number
  from: number
  to: number
}

/** Abramowitz and Stegun 7.1.26 (error under 1.5e-7). */
function erf(x: number): number {
  const s = Math.sign(x)
  const a = Math.abs(x)
  const t = 1 / (1 + 0.3275911 * a)
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  return s * (1 - poly * Math.exp(-a * a))
}

/** The share of a stroke done `t` ms into the reach: the lognormal's distribution over its span (±3 sigma). */
function done(k: LognormalStroke, t: number): number {
  const mu = Math.log(k.span / (2 * Math.sinh(3 * k.sigma)))
  const lag = t - k.onset + Math.exp(mu - 3 * k.sigma)
  if (lag <= 0) return 0
  const c = (u: number) => 0.5 * (1 + erf((Math.log(u) - mu) / (k.sigma * Math.SQRT2)))
  return Math.min(1, c(lag) / c(k.span + Math.exp(mu - 3 * k.sigma)))
}

/** Where a stroke has moved the pointer by share `c` of it: along the arc from angle `from` to `to`. */
function displacement(k: LognormalStroke, c: number): Point {
  const turn = k.to - k.from
  if (Math.abs(turn) < 1e-6) return [k.amplitude * c * Math.cos(k.from), k.amplitude * c * Math.sin(k.from)]
  const phi = k.from + turn * c
  const r = k.amplitude / turn
  return [r * (Math.sin(phi) - Math.sin(k.from)), r * (Math.cos(k.from) - Math.cos(phi))]
}

/** A stroke whose arc, turning by `turn`, has the chord `chord` (px) at angle `angle`. */
export function arc(
  onset: number,
  span: number,
  sigma: number,
  chord: number,
  angle: number,
  turn: number,
): LognormalStroke {
  const stretch = Math.abs(turn) < 1e-6 ? 1 : turn / 2 / Math.sin(turn / 2)
  return { onset, span, sigma, amplitude: chord * stretch, from: angle - turn / 2, to: angle + turn / 2 }
}

/** The strokes of one reach from `from` to `to`, the last one landing exactly; and how long it lasts (ms). */
function strokesOf(
  rng: Rng,
  from: Point,
  to: Point,
  primaryMs: number,
  habit: { reach: [number, number]; curve: number; sigma: [number, number]; corrections: number },
): { strokes: LognormalStroke[]; ms: number } {
  const sigma = () => rng.range(habit.sigma[0], habit.sigma[1])
  const strokes: LognormalStroke[] = []
  let at: Point = [...from]
  let onset = 0
  let span = primaryMs
  const n = 1 + (rng.next() < habit.corrections ? (rng.next() < 0.3 ? 2 : 1) : 0)
  for (let i = 0; i < n; i++) {
    const last = i === n - 1
    const [dx, dy] = [to[0] - at[0], to[1] - at[1]]
    const share = last ? 1 : i === 0 ? rng.range(habit.reach[0], habit.reach[1]) : rng.range(0.6, 1.1)
    const aim = Math.atan2(dy, dx) + (last ? 0 : rng.normal() * 0.04)
    const turn = last ? rng.normal() * habit.curve * 0.3 : rng.normal() * habit.curve
    // an arc's chord is exact, so the last stroke (all of what is left, aimed straight) ends on the target
    const k = arc(onset, span, sigma(), Math.hypot(dx, dy) * share, aim, turn)
    strokes.push(k)
    const [mx, my] = displacement(k, 1)
    at = [at[0] + mx, at[1] + my]
    onset += span * rng.range(0.45, 0.9)
    span = rng.range(120, 320)
  }
  return { strokes, ms: Math.max(...strokes.map((k) => k.onset + k.span)) }
}

/** The path the strokes draw from `from` over `ms`: position by share of time, their displacements summed. */
export function lognormalPath(from: Point, strokes: readonly LognormalStroke[], ms: number): Path {
  return (u) => {
    let [x, y] = from
    for (const k of strokes) {
      const [dx, dy] = displacement(k, done(k, u * ms))
      ;[x, y] = [x + dx, y + dy]
    }
    return [x, y]
  }
}

export const lognormal = pointerFamily(
  'lognormal',
  'sigma-lognormal reaches: a primary arc stroke and overlapping corrections, lognormal speed, smoothed noise',
  ({ s, rng, timing }) => {
    const under = rng.next() < 0.7
    const habit = {
      reach: (under ? [0.85, 0.98] : [0.95, 1.08]) as [number, number],
      curve: rng.range(0.05, 0.7),
      sigma: [rng.range(0.15, 0.3), rng.range(0.3, 0.5)] as [number, number],
      corrections: rng.range(0.3, 1),
    }
    const tremor = rng.next() < 0.25 ? 0 : rng.range(0.2, 1.2)
    return (target) => {
      const from: Point = [s.x, s.y]
      const { strokes, ms } = strokesOf(rng, from, target, timing.duration(distance(from, target)), habit)
      const path = lognormalPath(from, strokes, ms)
      const knots = Math.max(2, Math.round(ms / (1000 / 60)))
      return [{ at: tremble(path, rng, tremor, knots), duration: ms }]
    }
  },
)
