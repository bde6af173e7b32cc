import { PAGE } from '../format.ts'
import { listen, type CreateCollector } from './listen.ts'

/** The page gaining and losing focus, being shown and hidden, and resized. */
export const createPageCollector: CreateCollector = (target, rec, t0) =>
  listen(target, rec, t0, ['focus', 'blur', 'visibilitychange', 'resize'], (e, t) => {
    const type = e.type
    if (type === 'visibilitychange') {
      rec.page(t, target.document.visibilityState === 'hidden' ? PAGE.hidden : PAGE.visible)
    } else if (e.target === target) {
      // focus and blur of elements pass through window in the capture phase: only the page's count
      rec.page(t, type === 'focus' ? PAGE.focus : type === 'blur' ? PAGE.blur : PAGE.resize)
    }
  })
