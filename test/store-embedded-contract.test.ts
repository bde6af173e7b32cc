/** The store contract (every slice's, test/contracts/) on the embedded store; its own behaviour is in store-embedded.test.ts. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import type { Store } from '../server/store/types.ts'
import { storeContract } from './store-contract.ts'

const dirs: string[] = []
const dirOf = new WeakMap<Store, string>()
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

storeContract(
  'embedded',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-store-'))
    dirs.push(dir)
    const store = openEmbeddedStore(dir)
    dirOf.set(store, dir)
    return store
  },
  { twin: async (store) => openEmbeddedStore(dirOf.get(store)!) },
)
