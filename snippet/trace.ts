/**
 * Recorded traces (the event format of /work/shared/data/README.md) through the very recorder and
 * encoder the browser runs, so tools and tests get exactly the bytes the snippet would send.
 * Node-usable: no DOM.
 */
import { encode } from './encode.ts'
import { BUTTON, JUDGED_TRUST, KEY, KEY_KIND, PAGE, POINTER, SCROLL, type KeyClassIndex } from './format.ts'
import { createRecorder, type Recorder } from './recorder.ts'

export interface TraceEvent {
  t_ms: number
  type: string
  x?: number | null
  y?: number | null
  button?: number | null
  buttons?: number | null
  key?: string | null
  deltaY?: number | null
  scrollY?: number | null
  /** dispatched by script (isTrusted false) */
  untrusted?: boolean | null
}

export interface TraceOptions {
  /** viewport [width, height] in CSS px; null (the default) encodes 0 x 0, meaning unknown */
  viewport?: readonly [number, number] | null
  /** AUTOMATION_MARKERS bits to report (default 0) */
  automation?: number
  /** encode time in ms since the start (default: the last event's time) */
  nowMs?: number
}

/** The recorders' key classes plus the extra ones in the data sets, folded onto the wire's eight. */
export const TRACE_KEY_CLASSES: Readonly<Record<string, KeyClassIndex>> = {
  letter: KEY.letter,
  digit: KEY.digit,
  space: KEY.space,
  backspace: KEY.backspace,
  delete: KEY.backspace,
  enter: KEY.enter,
  shift: KEY.modifier,
  ctrl: KEY.modifier,
  alt: KEY.modifier,
  meta: KEY.modifier,
  capslock: KEY.modifier,
  modifier: KEY.modifier,
  tab: KEY.navigation,
  arrow: KEY.navigation,
  navigation: KEY.navigation,
  escape: KEY.other,
  other: KEY.other,
}

const POSITIONED = /^(mouse|pointer|touch|click)/

const num = (v: number | null | undefined, fallback: number) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback

/**
 * Feeds trace events into a recorder, as the collectors would. Times are the trace's t_ms (the
 * snippet's start is the trace's start). Events the snippet does not listen to (mouseover, load,
 * ...) are ignored and not counted. Touch ends without a position use the last known one.
 */
export function recordTrace(events: readonly TraceEvent[], rec: Recorder = createRecorder()): Recorder {
  let lastX = 0
  let lastY = 0
  for (const e of events) {
    const t = e.t_ms
    const x = num(e.x, lastX)
    const y = num(e.y, lastY)
    switch (e.type) {
      case 'mousemove':
      case 'pointermove':
      case 'touchmove':
        rec.move(t, x, y)
        break
      case 'mousedown':
      case 'pointerdown':
        rec.button(t, BUTTON.down, x, y, POINTER.mouse)
        break
      case 'mouseup':
      case 'pointerup':
        rec.button(t, BUTTON.up, x, y, POINTER.mouse)
        break
      case 'click':
        rec.button(t, BUTTON.click, x, y, POINTER.mouse)
        break
      case 'touchstart':
        rec.button(t, BUTTON.down, x, y, POINTER.touch)
        break
      case 'touchend':
        rec.button(t, BUTTON.up, x, y, POINTER.touch)
        break
      case 'keydown':
      case 'keyup':
        rec.key(
          t,
          e.type === 'keydown' ? KEY_KIND.down : KEY_KIND.up,
          TRACE_KEY_CLASSES[e.key ?? ''] ?? KEY.other,
        )
        break
      case 'wheel':
        rec.scroll(t, SCROLL.wheel, num(e.deltaY, 0), 0)
        break
      case 'scroll':
        // evtrack logs (AdSERP) carry the scroll position in y
        rec.scroll(t, SCROLL.scroll, num(e.scrollY, num(e.y, 0)), 0)
        break
      case 'focus':
        rec.page(t, PAGE.focus)
        break
      case 'blur':
        rec.page(t, PAGE.blur)
        break
      case 'paste':
        rec.page(t, PAGE.paste)
        break
      case 'resize':
        rec.page(t, PAGE.resize)
        break
      default:
        continue
    }
    rec.seen(!e.untrusted || !JUDGED_TRUST.test(e.type))
    if (POSITIONED.test(e.type)) {
      lastX = x
      lastY = y
    }
  }
  return rec
}

/** The wire string the snippet would send after observing `events`. */
export function encodeTrace(events: readonly TraceEvent[], opts: TraceOptions = {}): string {
  const rec = recordTrace(events)
  const [w, h] = opts.viewport ?? [0, 0]
  const now = opts.nowMs ?? events[events.length - 1]?.t_ms ?? 0
  return encode(rec, { w, h, a: opts.automation ?? 0 }, now)
}
