/** The slices every store opens at once: what the verify path and the CLI use. */
import { keysSlice } from '../keys/store.ts'
import { usageSlice } from '../limits/usage-store.ts'
import { windowsSlice } from '../limits/windows-store.ts'
import { digestsSlice } from '../replay/store.ts'
import { secretsSlice } from '../secrets/store.ts'
import type { SliceHost } from './slice.ts'
import type { Store, StoreLifecycle } from './types.ts'

/** The open store: its lifecycle, the core slices flattened in, and `slice` for any other. */
export function composeStore(host: SliceHost, lifecycle: StoreLifecycle): Store {
  return {
    ...host.slice(keysSlice),
    ...host.slice(windowsSlice),
    ...host.slice(usageSlice),
    ...host.slice(digestsSlice),
    ...host.slice(secretsSlice),
    slice: host.slice,
    kind: lifecycle.kind,
    shared: lifecycle.shared,
    ping: lifecycle.ping,
    close: lifecycle.close,
  }
}
