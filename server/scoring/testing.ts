/** Builders of decoded signals for the scoring tests. */
import type { ButtonSample, KeySample, MoveSample, ScrollSample, Signals } from '../../shared/signals.ts'
import type { Prepared } from './strokes.ts'
import { prepare } from './strokes.ts'

export function signalsOf(parts: {
  moves?: MoveSample[]
  buttons?: ButtonSample[]
  keys?: KeySample[]
  scrolls?: ScrollSample[]
  a?: number
  u?: number
  d?: number
}): Signals {
  const times = [
    ...(parts.moves ?? []),
    ...(parts.buttons ?? []),
    ...(parts.keys ?? []),
    ...(parts.scrolls ?? []),
  ].map((e) => e[0])
  const n = times.length
  return {
    context: { w: 1920, h: 1080, a: parts.a ?? 0, u: parts.u ?? 0, n, d: parts.d ?? Math.max(0, ...times) },
    moves: parts.moves ?? [],
    buttons: parts.buttons ?? [],
    keys: parts.keys ?? [],
    scrolls: parts.scrolls ?? [],
    page: [],
  }
}

export const prepared = (parts: Parameters<typeof signalsOf>[0]): Prepared => prepare(signalsOf(parts))

/** A straight line at constant speed: `n` moves `step` px apart every `dt` ms. */
export function lineMoves(n: number, step = 10, dt = 16, t0 = 0, x0 = 100, y0 = 100): MoveSample[] {
  return Array.from(
    { length: n },
    (_, i) => [t0 + i * dt, x0 + i * step, y0 + Math.round(i * step * 0.5)] as MoveSample,
  )
}

/** A reach with a bell-shaped speed profile along a gently wobbling path, sampled at 60 Hz. */
export function reachMoves(frames: number, fromX: number, toX: number, t0 = 0, wobble = 6): MoveSample[] {
  return Array.from({ length: frames }, (_, i) => {
    const tau = i / (frames - 1)
    const s = tau ** 3 * (10 - 15 * tau + 6 * tau * tau)
    return [
      t0 + Math.round(i * 16.7),
      Math.round(fromX + (toX - fromX) * s),
      Math.round(300 + wobble * Math.sin(7 * tau)),
    ] as MoveSample
  })
}
