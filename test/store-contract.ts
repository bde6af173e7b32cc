/**
 * The store contract: what every Store must do, run against each implementation
 * (store-embedded.test.ts, store-redis.test.ts): each slice's own contract (test/contracts/), on the
 * slice as `store.slice(def)` gives it, then what spans slices and the lifecycle. `open` gives a fresh,
 * empty store; `twin` a second handle on the same backing store, as a second server instance would open it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { adminSlice } from '../server/admin/store.ts'
import { verdictsSlice } from '../server/verdicts/store.ts'
import { challengeBitsSlice } from '../server/challenge/store.ts'
import { keysSlice } from '../server/keys/store.ts'
import { usageSlice } from '../server/limits/usage-store.ts'
import { windowsSlice } from '../server/limits/windows-store.ts'
import { idvSlice } from '../server/idv/store.ts'
import { digestsSlice } from '../server/replay/store.ts'
import { secretsSlice } from '../server/secrets/store.ts'
import { StoreUnavailableError, type Store } from '../server/store/types.ts'
import { keyRecord, MONTH, T0 } from './contracts/fixtures.ts'
import { adminContract } from './contracts/admin.ts'
import { verdictsContract } from './contracts/verdicts.ts'
import { challengeContract } from './contracts/challenge.ts'
import { keysContract } from './contracts/keys.ts'
import { replayContract } from './contracts/replay.ts'
import { idvContract } from './contracts/idv.ts'
import { trustContract } from './contracts/trust.ts'
import { stampsContract } from './contracts/stamps.ts'
import { secretsContract } from './contracts/secrets.ts'
import { usageContract } from './contracts/usage.ts'
import { windowsContract } from './contracts/windows.ts'

export { keyRecord } from './contracts/fixtures.ts'

export interface ContractOptions {
  twin?: (store: Store) => Promise<Store>
}

export function storeContract(
  name: string,
  open: () => Promise<Store>,
  { twin }: ContractOptions = {},
): void {
  describe(`${name} store contract`, () => {
    const opened: Store[] = []
    const fresh = async () => {
      const store = await open()
      opened.push(store)
      return store
    }
    const twinOf = async (store: Store) => {
      const other = await twin!(store)
      opened.push(other)
      return other
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()))
    })

    keysContract(async () => (await fresh()).slice(keysSlice))
    windowsContract(async () => (await fresh()).slice(windowsSlice))
    usageContract(async () => (await fresh()).slice(usageSlice))
    replayContract(async () => (await fresh()).slice(digestsSlice))
    secretsContract(async () => (await fresh()).slice(secretsSlice))
    challengeContract(async () => (await fresh()).slice(challengeBitsSlice))
    adminContract(async () => (await fresh()).slice(adminSlice))
    verdictsContract(async () => (await fresh()).slice(verdictsSlice))
    idvContract(async () => (await fresh()).slice(idvSlice))
    trustContract(fresh)
    stampsContract(fresh)

    describe('several slices on one store', () => {
      it.runIf(twin)('shares secrets, keys, signing keys and usage with a second instance', async () => {
        const store = await fresh()
        const other = await twinOf(store)
        const [a, b] = await Promise.all([store.secret('s', () => 'mine'), other.secret('s', () => 'theirs')])
        expect(a).toBe(b)
        const key = keyRecord()
        await store.createKey(key)
        expect(await other.findKeyByHash(key.hash)).toEqual(key)
        await other.addSigningKey({ kid: 'k', privateJwk: '{}', createdAt: T0 })
        expect((await store.signingKeys()).map((s) => s.kid)).toEqual(['k'])
        await store.reserveMonthly('key_a', MONTH, 2)
        expect(await other.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: true, used: 2 })
        expect(await store.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: false, used: 2 })
      })

      it.runIf(twin)(
        'sees a key revoked, moved or re-scoped by a second instance on its very next lookup',
        async () => {
          const store = await fresh()
          const other = await twinOf(store)
          const key = keyRecord()
          await store.createKey(key)
          expect(await store.findKeyByHash(key.hash)).toEqual(key)
          await other.setPlan(key.id, 'scale', null)
          expect((await store.findKeyByHash(key.hash))?.plan).toBe('scale')
          await other.setScopes(key.id, ['stamp'])
          await other.setAllowedOrigins(key.id, ['https://a.example'])
          expect(await store.findKeyByHash(key.hash)).toMatchObject({
            scopes: ['stamp'],
            allowedOrigins: ['https://a.example'],
          })
          await other.revokeKey(key.id, T0 + 5)
          expect((await store.findKeyByHash(key.hash))?.revokedAt).toBe(T0 + 5)
          await store.setPlan(key.id, 'starter', null)
          expect((await store.findKeyByHash(key.hash))?.plan).toBe('starter')
        },
      )
    })

    describe('lifecycle', () => {
      it('answers a ping while open and StoreUnavailableError once closed', async () => {
        const store = await fresh()
        await expect(store.ping()).resolves.toBeUndefined()
        await store.close()
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError)
        await expect(store.hitWindow('w', 1, 1000, T0)).rejects.toBeInstanceOf(StoreUnavailableError)
      })
    })
  })
}
