import { describe, expect, it } from 'vitest'
import { createDigestMemory, RECENT_ROWS, type Stored } from './digest-memory.ts'

const T0 = Date.UTC(2026, 10, 1)

describe('digest memory', () => {
  it('calls no digest absent until it has learned the whole table', () => {
    const memory = createDigestMemory()
    expect(memory.mayBeLive('near:never-written', T0)).toBe(true)
    memory.learned()
    expect(memory.mayBeLive('near:never-written', T0)).toBe(false)
  })

  it('never calls a digest absent before the latest expiry written for it', () => {
    const memory = createDigestMemory()
    memory.learned()
    const digests = Array.from({ length: 20_000 }, (_, i) => `near:${(i * 2654435761) % 1e9}x${i}`)
    digests.forEach((d, i) => memory.raise(d, T0 + 1000 + i))
    memory.raise(digests[0]!, T0 + 999) // a lower expiry never lowers a slot
    expect(digests.every((d, i) => memory.mayBeLive(d, T0 + 999 + i))).toBe(true)
    expect(memory.mayBeLive('near:never-written', T0)).toBe(false)
    // every slot is at most the last second of the expiries above
    expect(digests.some((d) => memory.mayBeLive(d, T0 + 22_000))).toBe(false)
  })

  it('takes expiries beyond what a slot holds as never expiring, and ones before 1970 as gone', () => {
    const memory = createDigestMemory()
    memory.learned()
    memory.raise('far', 2 ** 53)
    memory.raise('past', -5000)
    expect(memory.mayBeLive('far', 2 ** 52)).toBe(true)
    expect(memory.mayBeLive('past', 0)).toBe(false)
    expect(memory.mayBeLive('past', -6000)).toBe(true)
  })

  it(`keeps the last ${RECENT_ROWS} rows remembered, and none after forgetRows`, () => {
    const memory = createDigestMemory()
    const row = (i: number): Stored => [`d${i}`, T0 + 1000, 'alice', T0]
    for (let i = 0; i <= RECENT_ROWS; i++) memory.remember(row(i))
    expect(memory.row('d0')).toBeUndefined()
    expect(memory.row('d1')).toEqual(row(1))
    expect(memory.row(`d${RECENT_ROWS}`)).toEqual(row(RECENT_ROWS))
    memory.forget('d1')
    expect(memory.row('d1')).toBeUndefined()
    memory.forgetRows()
    expect(memory.row(`d${RECENT_ROWS}`)).toBeUndefined()
  })
})
