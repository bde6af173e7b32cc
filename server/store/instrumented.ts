/** A Store decorator that times every operation and counts failures, labelled by operation only. */
import type { Metrics } from '../metrics.ts'
import { StoreUnavailableError, type Store } from './types.ts'

type Operation = Exclude<keyof Store, 'kind'>

/** Every operation of the interface; `satisfies` makes a forgotten one a type error. */
const OPERATIONS = {
  createKey: true,
  findKeyByHash: true,
  findKeyById: true,
  listKeys: true,
  revokeKey: true,
  setPlan: true,
  hitWindow: true,
  reserveMonthly: true,
  releaseMonthly: true,
  usage: true,
  sightDigest: true,
  sightDigests: true,
  signingKeys: true,
  addSigningKey: true,
  retireSigningKey: true,
  secret: true,
  ping: true,
  close: true,
} satisfies Record<Operation, true>

export function instrumentStore(store: Store, { storeDuration, storeErrors }: Metrics): Store {
  const wrapped: Record<string, unknown> = { kind: store.kind }
  for (const op of Object.keys(OPERATIONS) as Operation[]) {
    // the histogram's child for this op: no label lookup per call
    const duration = storeDuration.labels({ op })
    wrapped[op] = async (...args: unknown[]) => {
      const started = performance.now()
      try {
        return await (store[op] as (...args: unknown[]) => Promise<unknown>).apply(store, args)
      } catch (error) {
        storeErrors.inc({ op, kind: error instanceof StoreUnavailableError ? 'unavailable' : 'other' })
        throw error
      } finally {
        duration.observe((performance.now() - started) / 1000)
      }
    }
  }
  return wrapped as unknown as Store
}
