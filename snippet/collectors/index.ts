/** Every collector the snippet installs. A new collector is one file plus one line here. */
import { createKeyboardCollector } from './keyboard.ts'
import type { CreateCollector } from './listen.ts'
import { createPageCollector } from './page.ts'
import { createPointerCollector } from './pointer.ts'
import { createScrollCollector } from './scroll.ts'

export const collectors = {
  pointer: createPointerCollector,
  keyboard: createKeyboardCollector,
  scroll: createScrollCollector,
  page: createPageCollector,
} as const satisfies Record<string, CreateCollector>

export type CollectorName = keyof typeof collectors
