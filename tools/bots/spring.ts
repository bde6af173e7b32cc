/**
 * A damped spring pulled toward the target (or toward an anchor gliding to it) and pushed by a smoothed
 * random force that fades near the target: under-damped sessions overshoot and ring, over-damped ones creep
 * in. Simulated over the movement, then sent on a drawn clock at a drawn duration.
 */
import type { Point } from './paths.ts'
import { EASES, byIndex, distance, lerp } from './paths.ts'
import { pointerFamily } from './pointer.ts'

const STEPS = 300

export const spring = pointerFamily(
  'spring',
  'damped spring toward the target driven by a smoothed random force, on a drawn clock and timing',
  ({ s, rng, timing }) => {
    const zeta = rng.range(0.35, 1.2)
    const settle = rng.range(0.5, 0.9) // share of the movement by which it has about settled
    const omega = 4 / (Math.min(1, zeta) * settle)
    const tau = rng.range(0.03, 0.2)
    const force = rng.range(0.01, 0.08)
    const glide = rng.next() < 0.5 ? rng.range(0.3, 0.7) : 0
    return (target) => {
      const from: Point = [s.x, s.y]
      const d = distance(from, target)
      const dt = 1 / STEPS
      const keep = Math.exp(-dt / tau)
      const kick = Math.sqrt(1 - keep * keep) * omega * omega * d * force
      let [px, py, vx, vy, fx, fy] = [from[0], from[1], 0, 0, 0, 0]
      const points: Point[] = [[px, py]]
      for (let i = 1; i <= STEPS; i++) {
        const [ax, ay] = glide ? lerp(from, target, EASES.minjerk(Math.min(1, (i * dt) / glide))) : target
        const fade = 0.2 + 0.8 * Math.min(1, Math.hypot(target[0] - px, target[1] - py) / Math.max(1, d))
        fx = keep * fx + kick * fade * rng.normal()
        fy = keep * fy + kick * fade * rng.normal()
        vx += (omega * omega * (ax - px) - 2 * zeta * omega * vx + fx) * dt
        vy += (omega * omega * (ay - py) - 2 * zeta * omega * vy + fy) * dt
        px += vx * dt
        py += vy * dt
        points.push([px, py])
      }
      // what is left of the distance is taken up smoothly, so the press lands on the target
      const [rx, ry] = [target[0] - px, target[1] - py]
      const landed = points.map(([x, y], i): Point => {
        const w = EASES.sine(i / STEPS)
        return [x + rx * w, y + ry * w]
      })
      return [{ at: byIndex(landed), duration: timing.duration(d) }]
    }
  },
)
