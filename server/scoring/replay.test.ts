import { describe, expect, it } from 'vitest'
import type { KeySample } from '../../shared/signals.ts'
import { signalsDigest } from './replay.ts'
import { reachMoves, signalsOf } from './testing.ts'

const path = () => [...reachMoves(30, 100, 700, 0, 20), ...reachMoves(25, 700, 300, 900, 12)]

describe('signalsDigest', () => {
  it('gives the same digest for the same trajectory moved across the screen and later in time', () => {
    const a = signalsOf({ moves: path() })
    const b = signalsOf({ moves: path().map(([t, x, y]) => [t + 12_345, x - 80, y + 250]) })
    expect(signalsDigest(a)).toHaveLength(1)
    expect(signalsDigest(b)).toEqual(signalsDigest(a))
  })

  it('gives a different digest when one step differs', () => {
    const moves = path()
    const other = moves.map(
      ([t, x, y], i) => (i === 20 ? [t, x + 1, y] : [t, x, y]) as (typeof moves)[number],
    )
    expect(signalsDigest(signalsOf({ moves: other }))).not.toEqual(signalsDigest(signalsOf({ moves })))
  })

  it('gives no digest for an empty or short payload, so different people never collide', () => {
    expect(signalsDigest(signalsOf({}))).toEqual([])
    expect(signalsDigest(signalsOf({ moves: path().slice(0, 10) }))).toEqual([])
  })

  it('digests typing rhythm on its own', () => {
    const keys: KeySample[] = []
    for (let i = 0; i < 15; i++) {
      const t = i * 173 + (i % 4) * 31
      keys.push([t, 'down', 'letter'], [t + 60 + (i % 3) * 17, 'up', 'letter'])
    }
    expect(signalsDigest(signalsOf({ keys }))).toHaveLength(1)
  })
})
