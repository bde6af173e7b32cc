/**
 * The store contract: what every Store must do, run against each implementation
 * (store-embedded.test.ts, store-redis.test.ts). `open` gives a fresh, empty store; `twin` a second
 * handle on the same backing store, as a second server instance would open it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { StoreUnavailableError, type ApiKeyRecord, type Store } from '../server/store/types.ts'

export interface ContractOptions {
  twin?: (store: Store) => Promise<Store>
}

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0)
const MONTH = '2026-11'

let serial = 0
export function keyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  serial++
  return {
    id: `key_${String(serial).padStart(4, '0')}`,
    hash: `${serial}`.padStart(64, 'a'),
    mode: 'live',
    plan: 'starter',
    name: null,
    createdAt: T0 + serial,
    trialEndsAt: null,
    revokedAt: null,
    ...overrides,
  }
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

    describe('API keys', () => {
      it('finds a created key by hash and by id with every field intact', async () => {
        const store = await fresh()
        const trial = keyRecord({
          name: 'shop',
          trialEndsAt: T0 + 14 * 86_400_000,
          mode: 'test',
          plan: 'trial',
        })
        const plain = keyRecord()
        await store.createKey(trial)
        await store.createKey(plain)
        expect(await store.findKeyByHash(trial.hash)).toEqual(trial)
        expect(await store.findKeyById(trial.id)).toEqual(trial)
        expect(await store.findKeyById(plain.id)).toEqual(plain)
      })

      it('answers null for an unknown hash or id', async () => {
        const store = await fresh()
        expect(await store.findKeyByHash('f'.repeat(64))).toBeNull()
        expect(await store.findKeyById('key_none')).toBeNull()
      })

      it('lists keys oldest first', async () => {
        const store = await fresh()
        const late = keyRecord({ createdAt: T0 + 5000 })
        const early = keyRecord({ createdAt: T0 - 5000 })
        await store.createKey(late)
        await store.createKey(early)
        expect((await store.listKeys()).map((k) => k.id)).toEqual([early.id, late.id])
      })

      it('revokes a key once and reports whether it did', async () => {
        const store = await fresh()
        const key = keyRecord()
        await store.createKey(key)
        expect(await store.revokeKey(key.id, T0 + 100)).toBe(true)
        expect(await store.revokeKey(key.id, T0 + 200)).toBe(false)
        expect(await store.revokeKey('key_none', T0)).toBe(false)
        expect((await store.findKeyByHash(key.hash))?.revokedAt).toBe(T0 + 100)
      })

      it('changes a plan and its trial end, and clears the trial with null', async () => {
        const store = await fresh()
        const key = keyRecord({ plan: 'trial', trialEndsAt: T0 + 1000 })
        await store.createKey(key)
        expect(await store.setPlan(key.id, 'growth', T0 + 9000)).toBe(true)
        expect(await store.findKeyById(key.id)).toMatchObject({ plan: 'growth', trialEndsAt: T0 + 9000 })
        expect(await store.setPlan(key.id, 'scale', null)).toBe(true)
        expect(await store.findKeyById(key.id)).toMatchObject({ plan: 'scale', trialEndsAt: null })
        expect(await store.setPlan('key_none', 'scale', null)).toBe(false)
      })
    })

    describe('sliding windows', () => {
      it('admits exactly the limit, counting down, then refuses until the oldest hit expires', async () => {
        const store = await fresh()
        const first = await store.hitWindow('w', 3, 60_000, T0)
        expect(first).toEqual({ ok: true, limit: 3, remaining: 2, resetMs: 60_000 })
        expect(await store.hitWindow('w', 3, 60_000, T0 + 10_000)).toMatchObject({ ok: true, remaining: 1 })
        expect(await store.hitWindow('w', 3, 60_000, T0 + 20_000)).toMatchObject({ ok: true, remaining: 0 })
        expect(await store.hitWindow('w', 3, 60_000, T0 + 30_000)).toEqual({
          ok: false,
          limit: 3,
          remaining: 0,
          resetMs: 30_000,
        })
        expect(await store.hitWindow('w', 3, 60_000, T0 + 59_999)).toMatchObject({ ok: false, resetMs: 1 })
        expect(await store.hitWindow('w', 3, 60_000, T0 + 60_000)).toMatchObject({ ok: true, remaining: 0 })
        expect(await store.hitWindow('w', 3, 60_000, T0 + 60_001)).toMatchObject({
          ok: false,
          resetMs: 9_999,
        })
      })

      it('does not record refused hits', async () => {
        const store = await fresh()
        await store.hitWindow('w', 1, 1000, T0)
        for (let i = 1; i < 10; i++)
          expect((await store.hitWindow('w', 1, 1000, T0 + i * 100)).ok).toBe(false)
        expect((await store.hitWindow('w', 1, 1000, T0 + 1000)).ok).toBe(true)
      })

      it('counts hits in the same millisecond separately', async () => {
        const store = await fresh()
        for (let i = 0; i < 4; i++) expect((await store.hitWindow('w', 4, 1000, T0)).ok).toBe(true)
        expect((await store.hitWindow('w', 4, 1000, T0)).ok).toBe(false)
      })

      it('keeps buckets apart', async () => {
        const store = await fresh()
        expect((await store.hitWindow('a', 1, 1000, T0)).ok).toBe(true)
        expect((await store.hitWindow('a', 1, 1000, T0)).ok).toBe(false)
        expect((await store.hitWindow('b', 1, 1000, T0)).ok).toBe(true)
      })

      it('refuses everything at limit 0', async () => {
        const store = await fresh()
        expect(await store.hitWindow('w', 0, 1000, T0)).toEqual({
          ok: false,
          limit: 0,
          remaining: 0,
          resetMs: 0,
        })
      })

      it('admits exactly 37 of 200 parallel hits', async () => {
        const store = await fresh()
        const hits = await Promise.all(
          Array.from({ length: 200 }, () => store.hitWindow('w', 37, 60_000, T0)),
        )
        expect(hits.filter((h) => h.ok)).toHaveLength(37)
      })
    })

    describe('monthly usage', () => {
      it('counts up to the limit, then refuses with the count unchanged', async () => {
        const store = await fresh()
        expect(await store.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: true, used: 1 })
        expect(await store.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: true, used: 2 })
        expect(await store.reserveMonthly('key_a', MONTH, 2)).toEqual({ ok: false, used: 2 })
        expect(await store.usage(MONTH, 'key_a')).toEqual([{ keyId: 'key_a', month: MONTH, used: 2 }])
      })

      it('refuses at limit 0', async () => {
        const store = await fresh()
        expect(await store.reserveMonthly('key_a', MONTH, 0)).toEqual({ ok: false, used: 0 })
      })

      it('gives a reservation back, never below zero', async () => {
        const store = await fresh()
        await store.reserveMonthly('key_a', MONTH, 1)
        await store.releaseMonthly('key_a', MONTH)
        expect(await store.reserveMonthly('key_a', MONTH, 1)).toEqual({ ok: true, used: 1 })
        await store.releaseMonthly('key_a', MONTH)
        await store.releaseMonthly('key_a', MONTH)
        await store.releaseMonthly('key_b', MONTH)
        expect(await store.usage(MONTH, 'key_a')).toEqual([{ keyId: 'key_a', month: MONTH, used: 0 }])
      })

      it('keeps keys and months apart and lists a month by key id', async () => {
        const store = await fresh()
        await store.reserveMonthly('key_b', MONTH, 5)
        await store.reserveMonthly('key_a', MONTH, 5)
        await store.reserveMonthly('key_a', MONTH, 5)
        await store.reserveMonthly('key_a', '2026-12', 5)
        expect(await store.usage(MONTH)).toEqual([
          { keyId: 'key_a', month: MONTH, used: 2 },
          { keyId: 'key_b', month: MONTH, used: 1 },
        ])
        expect(await store.usage('2026-12')).toEqual([{ keyId: 'key_a', month: '2026-12', used: 1 }])
        expect(await store.usage('2027-01')).toEqual([])
      })

      it('admits exactly 25 of 100 parallel reservations', async () => {
        const store = await fresh()
        const hits = await Promise.all(
          Array.from({ length: 100 }, () => store.reserveMonthly('key_a', MONTH, 25)),
        )
        expect(hits.filter((h) => h.ok)).toHaveLength(25)
        expect(await store.usage(MONTH, 'key_a')).toEqual([{ keyId: 'key_a', month: MONTH, used: 25 }])
      })
    })

    describe('replay digests', () => {
      it('answers null the first time, then who sent it first and when, within the TTL', async () => {
        const store = await fresh()
        expect(await store.sightDigest('d1', 'alice', 1000, T0)).toBeNull()
        expect(await store.sightDigest('d1', 'bob', 1000, T0 + 500)).toEqual({ sender: 'alice', at: T0 })
        expect(await store.sightDigest('d1', 'alice', 1000, T0 + 999)).toEqual({ sender: 'alice', at: T0 })
        expect(await store.sightDigest('d2', 'bob', 1000, T0 + 999)).toBeNull()
      })

      it('sights several digests at once, each with its sender, as one by one would', async () => {
        const store = await fresh()
        await store.sightDigest('b', 'alice', 1000, T0)
        expect(
          await store.sightDigests(
            [
              { digest: 'a', sender: 'bob' },
              { digest: 'b', sender: 'bob' },
              { digest: 'c', sender: 'carol' },
            ],
            1000,
            T0 + 10,
          ),
        ).toEqual([null, { sender: 'alice', at: T0 }, null])
        expect(await store.sightDigests([{ digest: 'c', sender: 'dan' }], 1000, T0 + 20)).toEqual([
          { sender: 'carol', at: T0 + 10 },
        ])
        expect(await store.sightDigests([], 1000, T0)).toEqual([])
        expect(await store.sightDigest('a', 'erin', 1000, T0 + 1011)).toBeNull()
      })

      it('forgets a digest after its TTL, and each sighting renews it', async () => {
        const store = await fresh()
        await store.sightDigest('d', 'alice', 1000, T0)
        expect(await store.sightDigest('d', 'bob', 1000, T0 + 1000)).toBeNull()
        expect(await store.sightDigest('d', 'carol', 1000, T0 + 1900)).toEqual({
          sender: 'bob',
          at: T0 + 1000,
        })
      })

      it('answers null to exactly one of 50 parallel sightings, and names that one to the rest', async () => {
        const store = await fresh()
        const firsts = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.sightDigest('d', `s${i}`, 60_000, T0)),
        )
        expect(firsts.filter((f) => f === null)).toHaveLength(1)
        const winner = `s${firsts.indexOf(null)}`
        expect(firsts.every((f) => f === null || f.sender === winner)).toBe(true)
      })
    })

    describe('signing keys and secrets', () => {
      it('lists signing keys oldest first, whatever the order they were added in', async () => {
        const store = await fresh()
        expect(await store.signingKeys()).toEqual([])
        const newer = { kid: 'k2', privateJwk: '{"kty":"OKP","x":"2"}', createdAt: T0 + 10 }
        const older = { kid: 'k1', privateJwk: '{"kty":"OKP","x":"1"}', createdAt: T0 }
        await store.addSigningKey(newer)
        await store.addSigningKey(older)
        expect(await store.signingKeys()).toEqual([older, newer])
      })

      it('retires a signing key for good, leaving the others', async () => {
        const store = await fresh()
        await store.addSigningKey({ kid: 'k1', privateJwk: '{}', createdAt: T0 })
        await store.addSigningKey({ kid: 'k2', privateJwk: '{}', createdAt: T0 + 1 })
        expect(await store.retireSigningKey('k1')).toBe(true)
        expect(await store.retireSigningKey('k1')).toBe(false)
        expect(await store.retireSigningKey('nope')).toBe(false)
        expect((await store.signingKeys()).map((k) => k.kid)).toEqual(['k2'])
      })

      it('creates a secret once and answers the same value from then on', async () => {
        const store = await fresh()
        expect(await store.secret('s', () => 'first')).toBe('first')
        expect(await store.secret('s', () => 'second')).toBe('first')
        expect(await store.secret('other', () => 'third')).toBe('third')
      })

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

      it.runIf(twin)('sees a key revoked or moved by a second instance on its very next lookup', async () => {
        const store = await fresh()
        const other = await twinOf(store)
        const key = keyRecord()
        await store.createKey(key)
        expect(await store.findKeyByHash(key.hash)).toEqual(key)
        await other.setPlan(key.id, 'scale', null)
        expect((await store.findKeyByHash(key.hash))?.plan).toBe('scale')
        await other.revokeKey(key.id, T0 + 5)
        expect((await store.findKeyByHash(key.hash))?.revokedAt).toBe(T0 + 5)
        await store.setPlan(key.id, 'starter', null)
        expect((await store.findKeyByHash(key.hash))?.plan).toBe('starter')
      })
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
