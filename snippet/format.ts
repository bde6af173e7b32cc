/**
 * The wire format's constant tables as the snippet needs them. shared/signals.ts imports zod, so
 * the snippet takes only its *types*; every value below is checked against shared/ at compile
 * time (a changed cap, order or marker there is a type error here), so nothing drifts silently.
 */
import type {
  AUTOMATION_MARKERS,
  BUTTON_KINDS,
  KEY_CLASSES,
  KEY_KINDS,
  MAX_SIGNALS_LENGTH,
  PAGE_KINDS,
  POINTER_TYPES,
  SCROLL_KINDS,
  SIGNALS_VERSION,
  STREAMS,
  StreamName,
} from '../shared/signals.ts'

/** Maps each name of a tuple to its index: `['a', 'b']` -> `{ a: 0; b: 1 }`. */
type Indexes<T extends readonly string[]> = {
  [I in keyof T as I extends `${number}` ? T[I] & string : never]: I extends `${infer N extends number}`
    ? N
    : never
}
type IndexOf<T extends readonly string[]> = Indexes<T>[keyof Indexes<T>]

/**
 * The events whose isTrusted is judged (counted in `c.u` when false): the input a person makes with a
 * pointing device. Page code and password managers dispatch keys, clicks, focus, scroll and resize
 * events of their own, so those say nothing about who is at the controls.
 */
export const JUDGED_TRUST = /^(pointer|mouse)(move|down|up)$|^touch|^wheel$/

export const VERSION: typeof SIGNALS_VERSION = 1
export const MAX_LENGTH: typeof MAX_SIGNALS_LENGTH = 32_768
export const MARKERS: typeof AUTOMATION_MARKERS = { webdriver: 1, driverGlobals: 2, headlessAgent: 4 }

export const CAPS: { readonly [S in StreamName]: (typeof STREAMS)[S]['maxRecords'] } = {
  m: 2400,
  b: 300,
  k: 1000,
  s: 400,
  e: 100,
}
export const ARITY: { readonly [S in StreamName]: (typeof STREAMS)[S]['arity'] } = {
  m: 3,
  b: 5,
  k: 3,
  s: 4,
  e: 2,
}

export const BUTTON: Indexes<typeof BUTTON_KINDS> = { down: 0, up: 1, click: 2 }
export const KEY_KIND: Indexes<typeof KEY_KINDS> = { down: 0, up: 1 }
export const SCROLL: Indexes<typeof SCROLL_KINDS> = { wheel: 0, scroll: 1 }
export const PAGE: Indexes<typeof PAGE_KINDS> = {
  focus: 0,
  blur: 1,
  visible: 2,
  hidden: 3,
  paste: 4,
  resize: 5,
}
export const POINTER: Indexes<typeof POINTER_TYPES> = { mouse: 0, touch: 1, pen: 2 }
export const KEY: Indexes<typeof KEY_CLASSES> = {
  letter: 0,
  digit: 1,
  space: 2,
  backspace: 3,
  enter: 4,
  modifier: 5,
  navigation: 6,
  other: 7,
}

export type ButtonKind = IndexOf<typeof BUTTON_KINDS>
export type KeyKind = IndexOf<typeof KEY_KINDS>
export type ScrollKind = IndexOf<typeof SCROLL_KINDS>
export type PageKind = IndexOf<typeof PAGE_KINDS>
export type PointerType = IndexOf<typeof POINTER_TYPES>
export type KeyClassIndex = IndexOf<typeof KEY_CLASSES>
