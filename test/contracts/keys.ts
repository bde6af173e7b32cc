/**
 * The contract of the keys slice: API key records by hash and by id. Run against both stores by test/store-embedded.test.ts and
 * test/store-redis.test.ts (through storeContract); `fresh` gives the slice of a fresh, empty store.
 */
import { describe, expect, it } from 'vitest'
import type { KeyStore } from '../../server/keys/store.ts'
import { T0, keyRecord } from './fixtures.ts'

export function keysContract(fresh: () => Promise<KeyStore>): void {
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
      const narrow = keyRecord({
        scopes: ['verify', 'admin'],
        allowedOrigins: ['https://a.example', 'http://localhost:5173'],
      })
      await store.createKey(trial)
      await store.createKey(narrow)
      await store.createKey(plain)
      expect(await store.findKeyByHash(trial.hash)).toEqual(trial)
      expect(await store.findKeyById(trial.id)).toEqual(trial)
      expect(await store.findKeyById(plain.id)).toEqual(plain)
      expect(await store.findKeyByHash(narrow.hash)).toEqual(narrow)
      expect((await store.listKeys()).find((k) => k.id === narrow.id)).toEqual(narrow)
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

    it('changes scopes and allowed origins, seen on the very next lookup by hash', async () => {
      const store = await fresh()
      const key = keyRecord()
      await store.createKey(key)
      expect(await store.findKeyByHash(key.hash)).toMatchObject({
        scopes: ['verify', 'hosted', 'stamp', 'trust', 'webhooks'],
        allowedOrigins: [],
      })
      expect(await store.setScopes(key.id, ['stamp'])).toBe(true)
      expect(await store.setAllowedOrigins(key.id, ['https://a.example', 'https://b.example:8443'])).toBe(
        true,
      )
      expect(await store.findKeyByHash(key.hash)).toEqual({
        ...key,
        scopes: ['stamp'],
        allowedOrigins: ['https://a.example', 'https://b.example:8443'],
      })
      expect(await store.setAllowedOrigins(key.id, [])).toBe(true)
      expect((await store.findKeyById(key.id))?.allowedOrigins).toEqual([])
      expect(await store.setScopes('key_none', ['verify'])).toBe(false)
      expect(await store.setAllowedOrigins('key_none', [])).toBe(false)
    })
  })
}
