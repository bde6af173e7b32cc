/** The hosted slice's contract: the same suite runs against the embedded and the Redis implementation. */
import { describe, expect, it } from 'vitest'
import type { HostedStore, HostedUser } from '../server/hosted/store/types.ts'
import type { WebhookStore } from '../server/webhooks/store/types.ts'

const NOW = Date.UTC(2026, 11, 6, 12)

let users = 0
const newUser = (over: Partial<HostedUser> = {}) => ({
  userId: `bcu_${++users}`,
  keyId: 'key_a',
  refHash: `ref_${users}`,
  refSealed: 'sealed',
  regionId: 'survey_456',
  dataRequest: 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID' as const,
  redirectUrl: 'https://yourapp.com/back',
  state: 'st',
  createdAt: NOW,
  codeHash: `code_${users}`,
  codeExpiresAt: NOW + 60_000,
  ...over,
})

const result = (uniqueHumanId: string | null = 'uh_1') => ({
  humannessScore: 91,
  fulfillmentTimeS: 12,
  uniqueHumanId,
  completedAt: NOW + 1000,
})

export function hostedStoreContract(
  name: string,
  open: () => Promise<HostedStore>,
  openWithWebhooks: () => Promise<{ hosted: HostedStore; webhooks: WebhookStore }>,
): void {
  describe(`hosted store contract: ${name}`, () => {
    it('registers a user, found by reference and by code, unverified', async () => {
      const store = await open()
      const input = newUser()
      const user = await store.register(input)
      expect(user).toMatchObject({ ...input, codeUsedAt: null, result: null })
      expect(await store.findByRef(input.keyId, input.refHash)).toEqual(user)
      expect(await store.findByCode(input.codeHash)).toEqual(user)
      expect(await store.findByRef('key_b', input.refHash)).toBeNull()
      expect(await store.findByCode('nope')).toBeNull()
    })

    it('gives a registered user a fresh code on register, keeping its id; the old code is gone', async () => {
      const store = await open()
      const first = await store.register(newUser())
      const again = await store.register(
        newUser({ refHash: first.refHash, codeHash: 'fresh_' + first.codeHash, regionId: null, state: null }),
      )
      expect(again.userId).toBe(first.userId)
      expect(again).toMatchObject({ codeHash: 'fresh_' + first.codeHash, regionId: null, state: null })
      expect(await store.findByCode(first.codeHash)).toBeNull()
    })

    it('completes once: the code is spent, the result kept; again is INVITE_ALREADY_USED', async () => {
      const store = await open()
      const user = await store.register(newUser())
      const done = await store.complete({
        codeHash: user.codeHash,
        result: result(),
        now: NOW + 1000,
        claim: null,
        event: null,
      })
      expect(done.ok && done.user).toMatchObject({
        userId: user.userId,
        codeUsedAt: NOW + 1000,
        result: result(),
      })
      const twice = await store.complete({
        codeHash: user.codeHash,
        result: result(),
        now: NOW + 2000,
        claim: null,
        event: null,
      })
      expect(twice).toEqual({ ok: false, why: 'INVITE_ALREADY_USED' })
    })

    it('refuses an expired code with INVITE_EXPIRED and an unknown one with DOES_NOT_EXIST', async () => {
      const store = await open()
      const user = await store.register(newUser())
      const late = await store.complete({
        codeHash: user.codeHash,
        result: result(),
        now: NOW + 60_000,
        claim: null,
        event: null,
      })
      expect(late).toEqual({ ok: false, why: 'INVITE_EXPIRED' })
      expect((await store.findByCode(user.codeHash))?.result).toBeNull()
      const unknown = await store.complete({
        codeHash: 'nope',
        result: result(),
        now: NOW,
        claim: null,
        event: null,
      })
      expect(unknown).toEqual({ ok: false, why: 'DOES_NOT_EXIST' })
    })

    it('lets one unique human id complete a region once: another user with it is ALREADY_VERIFIED_IN_REGION', async () => {
      const store = await open()
      const a = await store.register(newUser())
      const b = await store.register(newUser())
      const claim = { scope: 'region_x', uniqueHumanId: 'uh_same' }
      expect(
        (
          await store.complete({
            codeHash: a.codeHash,
            result: result('uh_same'),
            now: NOW,
            claim,
            event: null,
          })
        ).ok,
      ).toBe(true)
      const refused = await store.complete({
        codeHash: b.codeHash,
        result: result('uh_same'),
        now: NOW,
        claim,
        event: null,
      })
      expect(refused).toEqual({ ok: false, why: 'ALREADY_VERIFIED_IN_REGION' })
      // nothing of the refused completion is kept: b's code still works for another credential
      expect((await store.findByCode(b.codeHash))?.codeUsedAt).toBeNull()
      const other = { scope: 'region_x', uniqueHumanId: 'uh_other' }
      expect(
        (
          await store.complete({
            codeHash: b.codeHash,
            result: result('uh_other'),
            now: NOW,
            claim: other,
            event: null,
          })
        ).ok,
      ).toBe(true)
      // the same id in another region is free, and the holder itself may complete again after a new invite
      const c = await store.register(newUser())
      const elsewhere = { scope: 'region_y', uniqueHumanId: 'uh_same' }
      expect(
        (
          await store.complete({
            codeHash: c.codeHash,
            result: result('uh_same'),
            now: NOW,
            claim: elsewhere,
            event: null,
          })
        ).ok,
      ).toBe(true)
      const again = await store.register(newUser({ refHash: a.refHash, codeHash: 'again_' + a.codeHash }))
      expect(
        (
          await store.complete({
            codeHash: again.codeHash,
            result: result('uh_same'),
            now: NOW,
            claim,
            event: null,
          })
        ).ok,
      ).toBe(true)
    })

    it('spends a code once when two completions race', async () => {
      const store = await open()
      const user = await store.register(newUser())
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.complete({ codeHash: user.codeHash, result: result(), now: NOW, claim: null, event: null }),
        ),
      )
      expect(answers.filter((a) => a.ok)).toHaveLength(1)
    })

    it('writes the webhook event into the outbox when, and only when, the completion happens', async () => {
      const { hosted, webhooks } = await openWithWebhooks()
      const user = await hosted.register(newUser({ keyId: 'key_wh' }))
      const event = (id: string) => ({
        id,
        keyId: 'key_wh',
        type: 'USER_VERIFICATION_COMPLETED' as const,
        sealedBody: 'v1.sealed',
        createdAt: NOW,
      })
      const late = await hosted.complete({
        codeHash: user.codeHash,
        result: result(),
        now: NOW + 60_000,
        claim: null,
        event: event('msg_late'),
      })
      expect(late.ok).toBe(false)
      expect(await webhooks.deliveries('key_wh', 10)).toEqual([])
      const done = await hosted.complete({
        codeHash: user.codeHash,
        result: result(),
        now: NOW,
        claim: null,
        event: event('msg_done'),
      })
      expect(done.ok).toBe(true)
      const [delivery, ...rest] = await webhooks.deliveries('key_wh', 10)
      expect(rest).toEqual([])
      expect(delivery).toMatchObject({
        id: 'msg_done',
        sealedBody: 'v1.sealed',
        status: 'pending',
        attempts: 0,
      })
      expect((await hosted.findByCode(user.codeHash))?.refSealed).toBeNull()
    })

    it('keeps per-key settings, merged field by field, with loopback-only defaults', async () => {
      const store = await open()
      expect(await store.keySettings('key_s')).toEqual({
        redirectOrigins: [],
        name: null,
        logoUrl: null,
        accent: null,
      })
      await store.setKeySettings('key_s', { redirectOrigins: ['https://a.example'] })
      await store.setKeySettings('key_s', { accent: '#123456' })
      expect(await store.keySettings('key_s')).toEqual({
        redirectOrigins: ['https://a.example'],
        name: null,
        logoUrl: null,
        accent: '#123456',
      })
      expect((await store.keySettings('key_t')).redirectOrigins).toEqual([])
    })

    it('keeps passkeys by credential hash, with their counter', async () => {
      const store = await open()
      expect(await store.passkey('cred_1')).toBeNull()
      await store.savePasskey('cred_1', { publicKey: 'pk', counter: 0 })
      await store.savePasskey('cred_1', { publicKey: 'pk', counter: 3 })
      expect(await store.passkey('cred_1')).toEqual({ publicKey: 'pk', counter: 3 })
    })

    it("lists a key's users newest first, a page at a time; a fresh invite moves no one", async () => {
      const store = await open()
      const keyId = `key_list_${users}`
      const made = []
      for (const n of [2, 1, 3])
        made.push(await store.register(newUser({ keyId, createdAt: NOW + n * 1000 })))
      await store.register(newUser({ keyId: `${keyId}_other`, createdAt: NOW + 9000 }))
      // registering the first again gives it a fresh code, not a new place in the list
      await store.register(newUser({ keyId, refHash: made[0]!.refHash, createdAt: NOW + 8000 }))
      const all = await store.listUsers(keyId, { offset: 0, limit: 10 })
      expect(all.map((u) => u.createdAt)).toEqual([NOW + 3000, NOW + 2000, NOW + 1000])
      expect(all[1]!.userId).toBe(made[0]!.userId)
      expect(all[1]!.codeHash).not.toBe(made[0]!.codeHash)
      expect(all[0]).toEqual(await store.findByRef(keyId, made[2]!.refHash))
      expect((await store.listUsers(keyId, { offset: 2, limit: 1 })).map((u) => u.createdAt)).toEqual([
        NOW + 1000,
      ])
      expect(await store.listUsers(keyId, { offset: 3, limit: 5 })).toEqual([])
      expect(await store.listUsers('key_none', { offset: 0, limit: 5 })).toEqual([])
    })
  })
}
