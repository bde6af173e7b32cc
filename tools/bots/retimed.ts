/**
 * Human-shaped geometry timed by a program: a smooth arc with a hand's wobble (a few low-frequency sinusoids
 * across the path, fading at both ends), walked at constant speed along its length (or a plain ease) over a
 * duration the program chose, on a drawn clock. No recorded human timing is used.
 */
import type { EaseName, Point } from './paths.ts'
import { EASES, byLength, cubic, distance, offChord } from './paths.ts'
import { pointerFamily } from './pointer.ts'

const DENSE = 200

export const retimed = pointerFamily(
  'retimed',
  'smooth arcs with a low-frequency wobble, walked at constant speed (or a plain ease) on a drawn clock',
  ({ s, rng, timing }) => {
    const ease = EASES[rng.pick<EaseName>(['linear', 'linear', 'linear', 'sine'])]
    const arc = rng.range(0.03, 0.2)
    const wobble = rng.range(0.003, 0.02)
    return (target) => {
      const from: Point = [s.x, s.y]
      const d = distance(from, target)
      const side = arc * rng.normal()
      const base = cubic(from, offChord(from, target, 0.3, side), offChord(from, target, 0.7, side), target)
      const waves = Array.from({ length: rng.int(1, 3) }, () => ({
        a: Math.min(12, d * wobble) * rng.range(0.3, 1),
        f: rng.range(0.5, 3),
        phase: rng.range(0, 2 * Math.PI),
      }))
      const points: Point[] = []
      for (let i = 0; i <= DENSE; i++) {
        const v = i / DENSE
        const [x, y] = base(v)
        const [x2, y2] = base(Math.min(1, v + 1e-3))
        const [x1, y1] = base(Math.max(0, v - 1e-3))
        const norm = Math.hypot(x2 - x1, y2 - y1) || 1
        let w = 0
        for (const k of waves) w += k.a * Math.sin(2 * Math.PI * k.f * v + k.phase)
        w *= Math.sin(Math.PI * v)
        points.push([x - ((y2 - y1) / norm) * w, y + ((x2 - x1) / norm) * w])
      }
      const at = byLength(points)
      return [{ at: (u) => at(ease(u)), duration: timing.duration(d) }]
    }
  },
)
