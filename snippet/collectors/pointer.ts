import { BUTTON, POINTER, type PointerType } from '../format.ts'
import { listen, type CreateCollector } from './listen.ts'

/** Pointer type of a pointer event ('' or unknown: mouse). */
export const pointerType = (e: MouseEvent): PointerType =>
  (e as PointerEvent).pointerType === 'touch'
    ? POINTER.touch
    : (e as PointerEvent).pointerType === 'pen'
      ? POINTER.pen
      : POINTER.mouse

/**
 * Moves, presses, releases and clicks of mouse, pen and touch, in viewport CSS px. Fingers are
 * followed through touch events, not pointer events: once the browser starts panning it cancels
 * the finger's pointer events, but touchmove keeps coming (this is also how the data sets record
 * touch). Only the first changed touch of a multi-touch event is kept. Clicks made without a pointer
 * (the keyboard's Enter or Space, `element.click()`: `detail` 0, position 0,0) are counted, not recorded.
 */
export const createPointerCollector: CreateCollector = (target, rec, t0) =>
  listen<PointerEvent & TouchEvent>(
    target,
    rec,
    t0,
    [
      'pointermove',
      'pointerdown',
      'pointerup',
      'click',
      'touchstart',
      'touchmove',
      'touchend',
      'touchcancel',
    ],
    (e, t) => {
      const type = e.type
      if (type[0] === 't') {
        const p = e.changedTouches[0]
        if (!p) return
        if (type === 'touchmove') rec.move(t, p.clientX, p.clientY)
        else
          rec.button(t, type === 'touchstart' ? BUTTON.down : BUTTON.up, p.clientX, p.clientY, POINTER.touch)
      } else if (type === 'click' ? e.detail > 0 : e.pointerType !== 'touch') {
        if (type === 'pointermove') rec.move(t, e.clientX, e.clientY)
        else {
          const kind = type === 'pointerdown' ? BUTTON.down : type === 'pointerup' ? BUTTON.up : BUTTON.click
          rec.button(t, kind, e.clientX, e.clientY, pointerType(e))
        }
      }
    },
  )
