import { describe, expect, it } from 'vitest'
import type { ButtonSample, KeySample } from '../../shared/signals.ts'
import { signalsDigest } from './replay.ts'
import { reachMoves, signalsOf } from './testing.ts'

const path = () => [...reachMoves(30, 100, 700, 0, 20), ...reachMoves(25, 700, 300, 900, 12)]

/** `n` key presses from `t0`, with uneven gaps and holds. */
function typing(n: number, t0: number): KeySample[] {
  const keys: KeySample[] = []
  for (let i = 0; i < n; i++) {
    const t = t0 + i * 173 + (i % 4) * 31
    keys.push([t, 'down', 'letter'], [t + 60 + (i % 3) * 17, 'up', 'letter'])
  }
  return keys
}

describe('signalsDigest', () => {
  it('gives the same digest for the same activity moved across the screen and later in time', () => {
    const click: ButtonSample[] = [[1500, 'down', 300, 300, 'mouse']]
    const a = signalsOf({ moves: path(), buttons: click })
    const b = signalsOf({
      moves: path().map(([t, x, y]) => [t + 12_345, x - 80, y + 250]),
      buttons: [[1500 + 12_345, 'down', 300 - 80, 300 + 250, 'mouse']],
    })
    expect(signalsDigest(a)).toMatch(/^[\w-]{32}$/)
    expect(signalsDigest(b)).toBe(signalsDigest(a))
  })

  it('gives a different digest when one step differs', () => {
    const moves = path()
    const other = moves.map(
      ([t, x, y], i) => (i === 20 ? [t, x + 1, y] : [t, x, y]) as (typeof moves)[number],
    )
    expect(signalsDigest(signalsOf({ moves: other }))).not.toBe(signalsDigest(signalsOf({ moves })))
  })

  it('gives a new digest when the same pointer path comes with more activity, such as typing again', () => {
    const moves = path()
    const first = signalsDigest(signalsOf({ moves, keys: typing(8, 1000) }))
    const typedAgain = signalsDigest(signalsOf({ moves, keys: [...typing(8, 1000), ...typing(8, 5000)] }))
    const clicked = signalsDigest(
      signalsOf({ moves, keys: typing(8, 1000), buttons: [[6000, 'down', 300, 300, 'mouse']] }),
    )
    expect(new Set([first, typedAgain, clicked]).size).toBe(3)
  })

  it('gives no digest for an empty, short or perfectly regular payload, so different people never collide', () => {
    expect(signalsDigest(signalsOf({}))).toBeNull()
    expect(signalsDigest(signalsOf({ moves: path().slice(0, 7) }))).toBeNull()
    const still = Array.from({ length: 40 }, (_, i) => [i * 16, 500, 500] as [number, number, number])
    expect(signalsDigest(signalsOf({ moves: still }))).toBeNull()
  })

  it('digests a short payload from its activity: the same ten moves shifted and re-serialised match', () => {
    const short = path().slice(0, 10)
    const moved = short.map(([t, x, y]) => [t + 500, x + 3, y - 7] as (typeof short)[number])
    expect(signalsDigest(signalsOf({ moves: short }))).toMatch(/^[\w-]{32}$/)
    expect(signalsDigest(signalsOf({ moves: moved }))).toBe(signalsDigest(signalsOf({ moves: short })))
  })

  it('digests typing on its own', () => {
    expect(signalsDigest(signalsOf({ keys: typing(15, 0) }))).toMatch(/^[\w-]{32}$/)
  })
})
