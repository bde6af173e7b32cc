/**
 * Installs the snippet into a page: collectors, `window.Huma`, and form filling (`data-huma` forms by default).
 * Pure: the window, document and navigator come in as arguments, so tests drive it with happy-dom.
 * Never throws into the page and never replaces an existing `window.Huma`.
 */
import { collectors } from './collectors/index.ts'
import { readContext } from './context.ts'
import { encode } from './encode.ts'
import { MAX_LENGTH } from './format.ts'
import { startProof } from './proof.ts'
import { createRecorder } from './recorder.ts'
import { SIGNALS_FIELD } from '../shared/form.ts'

export interface Huma {
  /** The encoded signals (wire format v1) of everything observed so far. */
  signals(): string
}

/** Name of the form field (a hidden input) that carries the signals of a `data-huma` form. */
export const FIELD = SIGNALS_FIELD

/**
 * What the page can set, as `data-*` attributes on the snippet's own script tag (entry.ts reads them):
 * `src` is the snippet's URL; `form` a CSS selector of the forms to fill (default `[data-huma]`); `field`
 * the hidden input's name (default `huma_signals`); `challenge` where the proof-of-work challenge is
 * fetched, relative to `src` (default `/challenge`). Without `src` or `challenge` there is no proof.
 */
export interface Config {
  src?: string | undefined
  form?: string | undefined
  field?: string | undefined
  challenge?: string | undefined
}

declare const __DEBUG__: boolean
const debug = (e: unknown) => {
  if (typeof __DEBUG__ !== 'undefined' && __DEBUG__) console.warn('huma:', e)
}

/** Returns the installed API, or null when `window.Huma` already exists or installing failed. */
export function install(win: Window, doc: Document, nav: Navigator, config: Config = {}): Huma | null {
  try {
    const host = win as Window & { Huma?: unknown }
    if ('Huma' in host) return null
    const now = () => win.performance.now()
    const t0 = now()
    const rec = createRecorder()
    for (const create of Object.values(collectors)) create(win, rec, t0)
    const { src, form: selector = '[data-huma]', field = FIELD, challenge } = config
    const proof =
      (src || challenge) && win.crypto?.subtle
        ? startProof(win, new URL(challenge || '/challenge', src || win.location.href).href, debug)
        : () => ''
    const api: Huma = {
      signals() {
        try {
          const text = encode(rec, readContext(win, doc, nav), now() - t0)
          const solved = proof()
          // the proof goes in when it fits; a payload at the size cap goes without
          return solved && text.length + solved.length <= MAX_LENGTH ? text.slice(0, -1) + solved + '}' : text
        } catch (e) {
          debug(e)
          return ''
        }
      },
    }
    const marked = (e: Event) => (e.target as HTMLFormElement).matches?.(selector)
    // a person's submit (and requestSubmit): a hidden input the form then sends
    doc.addEventListener(
      'submit',
      (e) => {
        try {
          if (!marked(e)) return
          const form = e.target as HTMLFormElement
          let input = form.querySelector<HTMLInputElement>(`input[name="${field}"]`)
          if (!input) {
            input = doc.createElement('input')
            input.type = 'hidden'
            input.name = field
            form.appendChild(input)
          }
          input.value = api.signals()
        } catch (err) {
          debug(err)
        }
      },
      true,
    )
    // form.submit() and new FormData(form), which fire no submit event: the entry list directly
    doc.addEventListener(
      'formdata',
      (e) => {
        try {
          if (marked(e)) (e as FormDataEvent).formData.set(field, api.signals())
        } catch (err) {
          debug(err)
        }
      },
      true,
    )
    host.Huma = api
    return api
  } catch (e) {
    debug(e)
    return null
  }
}
