import { describe, expect, it } from 'vitest'
import type { ButtonSample, MoveSample } from '../../shared/signals.ts'
import { prepared } from '../../server/scoring/testing.ts'
import { DRAG_FEATURES, dragFeatures, dragsOf } from './features.ts'

const at = (name: (typeof DRAG_FEATURES)[number]) => DRAG_FEATURES.indexOf(name)
const press = (t: number, x = 100, y = 300): ButtonSample => [t, 'down', x, y, 'mouse']
const release = (t: number, x = 100, y = 300): ButtonSample => [t, 'up', x, y, 'mouse']

/** A level drag of `frames` moves 16 ms apart, 10 px a move, starting `delay` ms after the press at 0. */
function levelDrag(frames: number, delay: number): MoveSample[] {
  return Array.from({ length: frames }, (_, i) => [delay + 16 * i, 100 + 10 * i, 300] as MoveSample)
}

describe('drag study features', () => {
  it('times the press to the first move and the last move to the release', () => {
    const moves = levelDrag(20, 48)
    const last = moves[moves.length - 1]![0]
    const [drag] = dragsOf(prepared({ moves, buttons: [press(0), release(last + 120)] }))
    expect(drag![at('drag.logPressToMove')]).toBeCloseTo(Math.log(49))
    expect(drag![at('drag.logMoveToRelease')]).toBeCloseTo(Math.log(121))
    expect(drag![at('drag.logHold')]).toBeCloseTo(Math.log(1 + last + 120))
  })

  it('reads a ruler-straight level drag at one speed as straight, smooth, level and without pauses', () => {
    const moves = levelDrag(20, 30)
    const f = dragFeatures(prepared({ moves, buttons: [press(0), release(400)] }))
    expect(f[at('drag.straightness')]).toBe(1)
    expect(f[at('drag.slope')]).toBe(0)
    expect(f[at('drag.roughness')]).toBe(0)
    expect(f[at('drag.backShare')]).toBe(0)
    expect(f[at('drag.pauseShare')]).toBe(0)
    expect(f[at('drag.speedCv')]).toBeCloseTo(0)
  })

  it('counts the way back of a drag that goes past its end, and a pause within it', () => {
    // 200 px right, a 250 ms stop, then 40 px back
    const out = levelDrag(21, 30)
    const stop = out[out.length - 1]![0] + 250
    const back = Array.from({ length: 5 }, (_, i) => [stop + 16 * i, 300 - 10 * (i + 1), 300] as MoveSample)
    const moves = [...out, ...back]
    const f = dragFeatures(prepared({ moves, buttons: [press(0), release(stop + 200)] }))
    expect(f[at('drag.backShare')]).toBeCloseTo(50 / 250)
    const span = moves[moves.length - 1]![0] - moves[0]![0]
    expect(f[at('drag.pauseShare')]).toBeCloseTo(250 / span)
  })

  it('measures nothing on a click or on moves made without a button held', () => {
    const moves = levelDrag(20, 0)
    expect(dragsOf(prepared({ moves, buttons: [press(400), release(470)] }))).toEqual([])
    expect(dragFeatures(prepared({ moves })).every(Number.isNaN)).toBe(true)
  })
})
