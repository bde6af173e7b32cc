/**
 * Recorder and device changes applied to recorded traces, to check that people stay people when the
 * sampling rate, the screen's pixel density, the clock or the machine's speed differ from the data sets'
 * (eval --perturb).
 */
import type { TraceEvent, TraceRecord } from './data.ts'

export const scaled =
  (f: number) =>
  (r: TraceRecord): TraceRecord => ({
    ...r,
    events: r.events.map((e) => (e.x == null || e.y == null ? e : { ...e, x: e.x * f, y: e.y * f })),
  })

/** Keeps at most one move per `ms`: a slower sampler. */
export const downsampled =
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

/**
 * A slow machine: the page's main thread is blocked for 200-600 ms after every press (the click's own
 * work) and for 100-400 ms every 1-4 s. Moves made meanwhile reach the page as one move, at the last
 * position and time (browsers coalesce them); presses and keys are delivered one by one, each after the
 * moves made before it.
 */
const janky = (r: TraceRecord): TraceRecord => {
  let seed = 54321
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  const freezes: [number, number][] = []
  const end = r.events[r.events.length - 1]?.t_ms ?? 0
  for (let t = 1000 * (1 + 3 * random()); t < end; t += 1000 * (1 + 3 * random()))
    freezes.push([t, t + 100 + 300 * random()])
  for (const e of r.events)
    if (e.type === 'mousedown') {
      const t = e.t_ms + 50 * random()
      freezes.push([t, t + 200 + 400 * random()])
    }
  const frozen = (t: number) => freezes.some(([a, b]) => t >= a && t < b)
  // a move inside a freeze is kept only if it is the last before the next event that is not a move, or
  // before the freeze ends
  const events = r.events.filter((e, i) => {
    if (e.type !== 'mousemove' || !frozen(e.t_ms)) return true
    const next = r.events[i + 1]
    return !next || next.type !== 'mousemove' || !frozen(next.t_ms) || !sameFreeze(freezes, e.t_ms, next.t_ms)
  })
  return { ...r, events }
}

function sameFreeze(freezes: [number, number][], t1: number, t2: number): boolean {
  return freezes.some(([a, b]) => t1 >= a && t1 < b && t2 >= a && t2 < b)
}

/**
 * Clicks made by tapping a touch pad (tap to click): the driver sends the press and its release `ms` apart,
 * the same every time. How far apart depends on the driver: 8 ms stands for one that sends them together;
 * libinput (Linux) sends the press when the finger lifts and holds it until its tap timeout, 180 ms, in case
 * the tap starts a drag (its tests: touch down, touch up, pressed; the timeout, released). Presses held
 * 300 ms or more are drags and stay as they were.
 */
export const tapped =
  (ms: number) =>
  (r: TraceRecord): TraceRecord => {
    let down = -Infinity
    let moved = 0 // how far the release of the current press was moved (earlier or later), for its click
    const events = r.events.map((e) => {
      if (e.type === 'mousedown') {
        down = e.t_ms
        moved = 0
        return e
      }
      if (e.type === 'mouseup' && e.t_ms - down < 300) {
        moved = e.t_ms - (down + ms)
        return { ...e, t_ms: down + ms }
      }
      if (e.type === 'click' && moved !== 0) return { ...e, t_ms: e.t_ms - moved }
      return e
    })
    return { ...r, events: events.sort((a, b) => a.t_ms - b.t_ms) }
  }

export const PERTURBATIONS = {
  'pixels x2': scaled(2),
  'pixels x0.5': scaled(0.5),
  '30 Hz': downsampled(33),
  '144 Hz': upsampled(1000 / 144),
  'busy machine': jittered(8),
  'slow machine': janky,
  'tap to click': tapped(8),
  'tap to click (libinput)': tapped(180),
} as const
