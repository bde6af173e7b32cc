/**
 * A Store decorator that times every operation and counts failures, labelled by operation only: the
 * core slices' methods, and those of any slice a system opens through `slice(def)`.
 */
import type { Metrics } from '../metrics/metrics.ts'
import type { SliceHost, StoreSlice } from './slice.ts'
import { StoreUnavailableError, type Store } from './types.ts'

type Method = (...args: unknown[]) => Promise<unknown>

/** A copy of `target` whose every method is timed and its failures counted; other fields as they are. */
function instrument<T extends object>(target: T, { storeDuration, storeErrors }: Metrics): T {
  const wrapped: Record<string, unknown> = {}
  for (const [op, value] of Object.entries(target)) {
    if (typeof value !== 'function' || op === 'slice') {
      wrapped[op] = value
      continue
    }
    // the histogram's child for this op: no label lookup per call
    const duration = storeDuration.labels({ op })
    wrapped[op] = async (...args: unknown[]) => {
      const started = performance.now()
      try {
        // looked up at each call, as a caller of the bare store would
        return await ((target as Record<string, unknown>)[op] as Method).apply(target, args)
      } catch (error) {
        storeErrors.inc({ op, kind: error instanceof StoreUnavailableError ? 'unavailable' : 'other' })
        throw error
      } finally {
        duration.observe((performance.now() - started) / 1000)
      }
    }
  }
  return wrapped as T
}

export function instrumentStore(store: Store, metrics: Metrics): Store {
  const slices = new Map<StoreSlice<object>, object>()
  const slice: SliceHost['slice'] = <T extends object>(def: StoreSlice<T>): T => {
    let wrapped = slices.get(def) as T | undefined
    if (!wrapped) slices.set(def, (wrapped = instrument(store.slice(def), metrics)))
    return wrapped
  }
  return { ...instrument(store, metrics), slice }
}
