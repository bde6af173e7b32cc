import { describe, expect, it } from 'vitest'
import { personRecord as record } from './helpers/traces.ts'
import { PERTURBATIONS, tapped } from '../tools/perturb.ts'

describe('recorder and device changes', () => {
  it('tap to click: each click released a fixed time after its press (sooner or later), its click event with it; drags kept', () => {
    const r = record([
      { t_ms: 0, type: 'mousemove', x: 10, y: 10 },
      { t_ms: 100, type: 'mousedown', x: 10, y: 10 },
      { t_ms: 150, type: 'mousemove', x: 11, y: 10 },
      { t_ms: 190, type: 'mouseup', x: 11, y: 10 },
      { t_ms: 191, type: 'click', x: 11, y: 10 },
      { t_ms: 400, type: 'mousedown', x: 11, y: 10 },
      { t_ms: 600, type: 'mousemove', x: 60, y: 10 },
      { t_ms: 900, type: 'mouseup', x: 60, y: 10 },
      { t_ms: 1000, type: 'mousedown', x: 60, y: 10 },
      { t_ms: 1000, type: 'mouseup', x: 60, y: 10 },
      { t_ms: 1000, type: 'click', x: 60, y: 10 },
    ])
    const changed = tapped(8)(r)
    expect(changed.events.map((e) => [e.t_ms, e.type])).toEqual([
      [0, 'mousemove'],
      [100, 'mousedown'],
      [108, 'mouseup'],
      [109, 'click'],
      [150, 'mousemove'],
      [400, 'mousedown'],
      [600, 'mousemove'],
      [900, 'mouseup'],
      [1000, 'mousedown'],
      [1008, 'mouseup'],
      [1008, 'click'],
    ])
    expect(r.events[3]!.t_ms).toBe(190)
  })

  it('are all measured by eval --perturb, both kinds of tap to click among them', () => {
    expect(Object.keys(PERTURBATIONS)).toEqual(
      expect.arrayContaining(['tap to click', 'tap to click (libinput)']),
    )
    const r = record([
      { t_ms: 0, type: 'mousedown', x: 10, y: 10 },
      { t_ms: 90, type: 'mouseup', x: 10, y: 10 },
      { t_ms: 90, type: 'click', x: 10, y: 10 },
    ])
    const times = (change: keyof typeof PERTURBATIONS) => PERTURBATIONS[change](r).events.map((e) => e.t_ms)
    expect(times('tap to click')).toEqual([0, 8, 8])
    expect(times('tap to click (libinput)')).toEqual([0, 180, 180])
  })
})
