/**
 * The contract of the admin slice: operator tokens found by hash, sessions that expire, an audit log
 * newest first and capped. Run against both stores by test/store-embedded.test.ts and test/store-redis.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { AUDIT_KEPT, type AdminStore } from '../../server/admin/store.ts'
import { T0 } from './fixtures.ts'

export function adminContract(fresh: () => Promise<AdminStore>): void {
  describe('operator tokens, sessions and the audit log', () => {
    it('finds an operator token by its hash only, and counts them', async () => {
      const store = await fresh()
      expect(await store.countTokens()).toBe(0)
      const token = { id: 'adm_1', name: 'alice', hash: 'a'.repeat(64), createdAt: T0 }
      await store.addToken(token)
      expect(await store.findTokenByHash('a'.repeat(64))).toEqual(token)
      expect(await store.findTokenByHash('b'.repeat(64))).toBeNull()
      expect(await store.countTokens()).toBe(1)
    })

    it('keeps a session until it expires or is deleted', async () => {
      const store = await fresh()
      const now = Date.now()
      await store.createSession('s1', { name: 'alice', expiresAt: now + 60_000 }, now)
      await store.createSession('s2', { name: 'bob', expiresAt: now + 60_000 }, now)
      expect(await store.session('s1', now)).toEqual({ name: 'alice', expiresAt: now + 60_000 })
      expect(await store.session('s1', now + 60_000)).toBeNull()
      await store.deleteSession('s2')
      expect(await store.session('s2', now)).toBeNull()
      expect(await store.session('nope', now)).toBeNull()
    })

    it('lists the audit log newest first and keeps the last entries only', async () => {
      const store = await fresh()
      for (let i = 0; i < AUDIT_KEPT + 5; i++)
        await store.audit({ at: T0 + i, who: 'alice', action: 'create key', target: `key_${i}` })
      const log = await store.auditLog(AUDIT_KEPT + 10)
      expect(log).toHaveLength(AUDIT_KEPT)
      expect(log[0]).toEqual({
        at: T0 + AUDIT_KEPT + 4,
        who: 'alice',
        action: 'create key',
        target: `key_${AUDIT_KEPT + 4}`,
      })
      expect(log.at(-1)?.target).toBe('key_5')
    })
  })
}
