/**
 * A person's own reach with its fine motion made by a program: the recorded movement onto a replayed press
 * (its timing, speed profile, sub-movements and curvature, all a hand's), smoothed over 15–60 ms so the
 * hand's small irregularities go, then given generated noise (none, white, a smoothed track, or a
 * tremor-like sinusoid) and sent on a drawn clock. What is left to tell it from the person is how the
 * motion looks at the scale of a few frames: the one thing every human-like generator has to make up.
 * Without a recorded path (no schedules, or a press with too few moves before it) it reaches along an eased
 * curve, as `bezier` does.
 */
import type { Path, Point } from './paths.ts'
import { byIndex, cubic, distance, EASES, noiseTrack, offChord, plus } from './paths.ts'
import { pointerFamily } from './pointer.ts'
import type { Rng } from './rng.ts'

/** ms between the points of the resampled path */
const GRID_MS = 4
/** a gap between moves this long starts the aimed movement */
const PAUSE_MS = 150

type Noise = 'none' | 'white' | 'track' | 'tremor'

/** The moves of `path` (flat t, x, y) after its last pause, resampled every GRID_MS ms. */
function aimed(path: readonly number[]): { xs: number[]; ys: number[]; duration: number } | null {
  const n = path.length / 3
  let first = n - 1
  while (first > 0 && path[3 * first]! - path[3 * (first - 1)]! <= PAUSE_MS) first--
  if (n - first < 5) return null
  const t0 = path[3 * first]!
  const duration = path[3 * (n - 1)]! - t0
  if (duration < 50) return null
  const xs: number[] = []
  const ys: number[] = []
  let j = first
  for (let t = t0; t <= t0 + duration; t += GRID_MS) {
    while (j < n - 2 && path[3 * (j + 1)]! < t) j++
    const [ta, tb] = [path[3 * j]!, path[3 * (j + 1)]!]
    const f = tb > ta ? Math.min(1, Math.max(0, (t - ta) / (tb - ta))) : 1
    xs.push(path[3 * j + 1]! + f * (path[3 * j + 4]! - path[3 * j + 1]!))
    ys.push(path[3 * j + 2]! + f * (path[3 * j + 5]! - path[3 * j + 2]!))
  }
  return { xs, ys, duration }
}

/** A Gaussian moving average of `v` with a spread of `sigma` samples, its ends held. */
function smooth(v: readonly number[], sigma: number): number[] {
  const r = Math.ceil(3 * sigma)
  const w = Array.from({ length: 2 * r + 1 }, (_, k) => Math.exp(-((k - r) ** 2) / (2 * sigma * sigma)))
  const total = w.reduce((a, b) => a + b, 0)
  return v.map((_, i) => {
    let sum = 0
    for (let k = -r; k <= r; k++) sum += w[k + r]! * v[Math.min(v.length - 1, Math.max(0, i + k))]!
    return sum / total
  })
}

/** The noise a session adds, as an offset path over a movement of `duration` ms. */
function noiseOf(rng: Rng, kind: Noise, size: number, duration: number, hz: number): Path {
  if (kind === 'track') return noiseTrack(rng, size, Math.max(4, Math.round(duration / 40)))
  if (kind === 'tremor') {
    const [px, py] = [rng.range(0, 2 * Math.PI), rng.range(0, 2 * Math.PI)]
    return (u) => [
      size * Math.sin((2 * Math.PI * hz * (u * duration)) / 1000 + px),
      size * Math.sin((2 * Math.PI * hz * (u * duration)) / 1000 + py),
    ]
  }
  if (kind === 'white') {
    const steps = Math.max(2, Math.round(duration / GRID_MS))
    const offsets = Array.from({ length: steps + 1 }, () => [size * rng.normal(), size * rng.normal()])
    return (u) => offsets[Math.round(Math.max(0, Math.min(1, u)) * steps)] as Point
  }
  return () => [0, 0]
}

export const smoothed = pointerFamily(
  'smoothed',
  "a person's recorded reach, smoothed over 15-60 ms and given generated noise, on a drawn clock",
  (m) => {
    const { s, rng, timing } = m
    const sigma = rng.range(15, 60) / GRID_MS
    const kind = rng.pick<Noise>(['none', 'white', 'track', 'tremor'])
    const size = rng.range(0.3, 1.5)
    const hz = rng.range(6, 12)
    return (target) => {
      const from: Point = [s.x, s.y]
      const recorded = m.planned?.path ? aimed(m.planned.path) : null
      const noise = noiseOf(rng, kind, size, recorded?.duration ?? 500, hz)
      if (!recorded) {
        const side = 0.2 * rng.normal()
        const base = cubic(from, offChord(from, target, 0.3, side), offChord(from, target, 0.7, side), target)
        return [
          { at: plus((u) => base(EASES.sine(u)), noise), duration: timing.duration(distance(from, target)) },
        ]
      }
      const xs = smooth(recorded.xs, sigma)
      const ys = smooth(recorded.ys, sigma)
      const last = xs.length - 1
      const person = byIndex(xs.map((x, i) => [x, ys[i]!]))
      // bent so it starts where the pointer is and ends on the target
      const [sx, sy] = [from[0] - xs[0]!, from[1] - ys[0]!]
      const [ex, ey] = [target[0] - xs[last]!, target[1] - ys[last]!]
      const bent: Path = (u) => {
        const [x, y] = person(u)
        return [x + (1 - u) * sx + u * ex, y + (1 - u) * sy + u * ey]
      }
      const at = plus(bent, noise)
      return [{ at, duration: recorded.duration }]
    }
  },
)
