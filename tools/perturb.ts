/**
 * Recorder and device changes applied to recorded traces, to check that people stay people when the
 * sampling rate, the screen's pixel density or the clock differ from the data sets' (eval --perturb).
 */
import type { TraceEvent, TraceRecord } from './data.ts'

const scaled =
  (f: number) =>
  (r: TraceRecord): TraceRecord => ({
    ...r,
    events: r.events.map((e) => (e.x == null || e.y == null ? e : { ...e, x: e.x * f, y: e.y * f })),
  })

/** Keeps at most one move per `ms`: a slower sampler. */
const downsampled =
  (ms: number) =>
  (r: TraceRecord): TraceRecord => {
    let last = -Infinity
    return {
      ...r,
      events: r.events.filter((e) => {
        if (e.type !== 'mousemove') return true
        if (e.t_ms - last < ms) return false
        last = e.t_ms
        return true
      }),
    }
  }

/** Adds moves on a `ms` clock between recorded ones (linear in between): a faster sampler. */
const upsampled =
  (ms: number) =>
  (r: TraceRecord): TraceRecord => {
    const events: TraceEvent[] = []
    let prev: TraceEvent | null = null
    for (const e of r.events) {
      if (e.type === 'mousemove' && prev && prev.x != null && prev.y != null && e.x != null && e.y != null) {
        const gap = e.t_ms - prev.t_ms
        const n = gap < 100 ? Math.floor(gap / ms) : 0
        for (let k = 1; k < n; k++) {
          const f = k / n
          events.push({
            t_ms: prev.t_ms + f * gap,
            type: 'mousemove',
            x: prev.x + f * (e.x - prev.x),
            y: prev.y + f * (e.y - prev.y),
          })
        }
      }
      events.push(e)
      if (e.type === 'mousemove') prev = e
    }
    return { ...r, events }
  }

/** Delays every event by up to `ms` (order kept): a busy machine. */
const jittered =
  (ms: number) =>
  (r: TraceRecord): TraceRecord => {
    let seed = 12345
    let t = 0
    return {
      ...r,
      events: r.events.map((e) => {
        seed = (seed * 16807) % 2147483647
        t = Math.max(t, e.t_ms + (seed / 2147483647) * ms)
        return { ...e, t_ms: t }
      }),
    }
  }

export const PERTURBATIONS = {
  'pixels x2': scaled(2),
  'pixels x0.5': scaled(0.5),
  '30 Hz': downsampled(33),
  '144 Hz': upsampled(1000 / 144),
  'busy machine': jittered(8),
} as const
