import { JUDGED_TRUST } from '../format.ts'
import type { Recorder } from '../recorder.ts'

/** What every collector returns: a way to remove its listeners. */
export interface Collector {
  stop(): void
}

/** A collector: listens on `target` and records into `rec`, with times in ms since `t0`. */
export type CreateCollector = (target: Window, rec: Recorder, t0: number) => Collector

const OPTIONS: AddEventListenerOptions = { capture: true, passive: true }

/**
 * Adds one passive capture-phase listener per type. The handler gets the event and its time in ms
 * since `t0`; every event is counted before the handler runs, and pointer input that was not trusted
 * (JUDGED_TRUST) as untrusted. A handler that throws is swallowed: the host page never sees our errors.
 */
export function listen<E extends Event>(
  target: Window,
  rec: Recorder,
  t0: number,
  types: readonly string[],
  handler: (e: E, t: number) => void,
): Collector {
  const fn = (e: Event) => {
    try {
      rec.seen(e.isTrusted || !JUDGED_TRUST.test(e.type))
      handler(e as E, e.timeStamp - t0)
    } catch {
      // never into the page
    }
  }
  for (const type of types) target.addEventListener(type, fn, OPTIONS)
  return {
    stop() {
      for (const type of types) target.removeEventListener(type, fn, OPTIONS)
    },
  }
}
