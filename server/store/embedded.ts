/**
 * The embedded store: one SQLite file (sqlite.ts) for what must survive a restart (keys, monthly usage,
 * replay digests, signing keys, secrets, and any slice a new system adds) and process memory for the
 * one-minute windows. One server process per data dir; the admin CLI may open the same file alongside it.
 */
import { composeStore } from './core.ts'
import { sliceHost } from './slice.ts'
import { openSqlite, type EmbeddedOptions } from './sqlite.ts'
import type { Store } from './types.ts'

export type { EmbeddedOptions } from './sqlite.ts'

export function openEmbeddedStore(dataDir: string, options: EmbeddedOptions = {}): Store {
  const handle = openSqlite(dataDir, options)
  return composeStore(
    sliceHost(handle, (def, db) => def.embedded(db)),
    { kind: 'embedded', shared: false, ping: handle.ping, close: handle.close },
  )
}
