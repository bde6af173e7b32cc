import { SCROLL } from '../format.ts'
import { listen, type CreateCollector } from './listen.ts'

/**
 * Wheel deltas with their delta mode, and the page's scroll position when the page scrolls.
 * Reading scrollY is the one read here: browsers fire scroll at most once per frame, and this
 * capture-phase listener on window runs before the page's own handlers can dirty layout, so the
 * read finds layout clean. Scrolls of inner elements are not recorded (their wheel events are).
 */
export const createScrollCollector: CreateCollector = (target, rec, t0) =>
  listen<WheelEvent>(target, rec, t0, ['wheel', 'scroll'], (e, t) => {
    if (e.type === 'wheel') rec.scroll(t, SCROLL.wheel, e.deltaY, e.deltaMode)
    else if (e.target === target.document || e.target === target)
      rec.scroll(t, SCROLL.scroll, target.scrollY, 0)
  })
