import { BUTTON, POINTER, type PointerType } from '../format.ts'
import { listen, type CreateCollector } from './listen.ts'

/** Pointer type of a pointer event ('' or unknown, e.g. a keyboard-made click: mouse). */
export const pointerType = (e: MouseEvent): PointerType =>
  (e as PointerEvent).pointerType === 'touch' ? POINTER.touch : (e as PointerEvent).pointerType === 'pen' ? POINTER.pen : POINTER.mouse

/** Moves, presses, releases and clicks of mouse, touch and pen, in viewport CSS px. */
export const createPointerCollector: CreateCollector = (target, rec, t0) =>
  listen<PointerEvent>(target, rec, t0, ['pointermove', 'pointerdown', 'pointerup', 'click'], (e, t) => {
    const type = e.type
    if (type === 'pointermove') rec.move(t, e.clientX, e.clientY)
    else {
      const kind = type === 'pointerdown' ? BUTTON.down : type === 'pointerup' ? BUTTON.up : BUTTON.click
      rec.button(t, kind, e.clientX, e.clientY, pointerType(e))
    }
  })
