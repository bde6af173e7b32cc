/**
 * The contract of the secrets slice: signing keys oldest first, named secrets created once. Run against
 * both stores by test/store-embedded.test.ts and test/store-redis.test.ts (through storeContract).
 */
import { describe, expect, it } from 'vitest'
import type { SecretStore } from '../../server/secrets/store.ts'
import { T0 } from './fixtures.ts'

export function secretsContract(fresh: () => Promise<SecretStore>): void {
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
  })
}
