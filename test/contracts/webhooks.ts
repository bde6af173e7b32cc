/**
 * The webhook slice's contract, run against the embedded store and Redis by test/webhook-store.test.ts.
 * `open` gives a fresh, empty slice and a way to enqueue in the caller's own transaction; `twin` a second
 * slice on the same backing store, as another instance would open it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { PreparedEvent } from '../../server/webhooks/outbox.ts'
import type { AttemptOutcome, WebhookStore } from '../../server/webhooks/store/types.ts'

export interface OpenedSlice {
  slice: WebhookStore
  /** the outbox write in the store's own transaction primitive (SQLite transaction / Redis MULTI) */
  enqueueInTransaction(event: PreparedEvent): Promise<void>
  close(): Promise<void>
}

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0)
let serial = 0
export function event(overrides: Partial<PreparedEvent> = {}): PreparedEvent {
  serial++
  return {
    id: `msg_${String(serial)
      .padStart(26, 'a')
      .replace(/[0-9]/g, (d) => 'bcdefghijk'[Number(d)]!)}`,
    keyId: 'key_a',
    type: 'USER_VERIFICATION_COMPLETED',
    sealedBody: `v1.sealed-${serial}`,
    createdAt: T0 + serial,
    ...overrides,
  }
}

const failed = (at: number, nextAt: number | null): AttemptOutcome => ({
  status: nextAt === null ? 'failed' : 'pending',
  nextAt,
  error: 'answered 503',
  httpStatus: 503,
  at,
  attempted: true,
})

export function webhookStoreContract(
  name: string,
  open: () => Promise<OpenedSlice>,
  twin?: (opened: OpenedSlice) => Promise<OpenedSlice>,
): void {
  describe(`${name} webhook store contract`, () => {
    const opened: OpenedSlice[] = []
    const fresh = async () => {
      const o = await open()
      opened.push(o)
      return o
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((o) => o.close()))
    })

    it('keeps one destination per key and type: an edit changes the URL, keeps the secret and enables it again', async () => {
      const { slice } = await fresh()
      const made = await slice.putDestination({
        keyId: 'key_a',
        type: 'USER_VERIFICATION_COMPLETED',
        url: 'https://a.example/hook',
        secret: 'whsec_first',
        now: T0,
      })
      expect(made.created).toBe(true)
      expect(made.destination).toMatchObject({
        url: 'https://a.example/hook',
        secret: 'whsec_first',
        disabledAt: null,
      })
      await slice.recordResult('key_a', 'USER_VERIFICATION_COMPLETED', false, T0, { failures: 0, ms: 0 })
      expect((await slice.destination('key_a', 'USER_VERIFICATION_COMPLETED'))!.disabledAt).toBe(T0)
      const edited = await slice.putDestination({
        keyId: 'key_a',
        type: 'USER_VERIFICATION_COMPLETED',
        url: 'https://b.example/hook',
        secret: 'whsec_second',
        now: T0 + 1,
      })
      expect(edited.created).toBe(false)
      expect(edited.destination).toMatchObject({
        url: 'https://b.example/hook',
        secret: 'whsec_first',
        disabledAt: null,
        failures: 0,
        failingSince: null,
        updatedAt: T0 + 1,
      })
      expect(await slice.destinations('key_a')).toHaveLength(1)
      expect(await slice.destinations('key_b')).toEqual([])
    })

    it('rotates a secret and deletes a destination, and says when there was none', async () => {
      const { slice } = await fresh()
      expect(await slice.rotateSecret('key_a', 'USER_VERIFICATION_COMPLETED', 'whsec_x', T0)).toBeNull()
      await slice.putDestination({
        keyId: 'key_a',
        type: 'USER_VERIFICATION_COMPLETED',
        url: 'https://a.example/',
        secret: 'whsec_1',
        now: T0,
      })
      expect(
        (await slice.rotateSecret('key_a', 'USER_VERIFICATION_COMPLETED', 'whsec_2', T0 + 5))!.secret,
      ).toBe('whsec_2')
      expect(await slice.deleteDestination('key_a', 'USER_VERIFICATION_COMPLETED')).toBe(true)
      expect(await slice.deleteDestination('key_a', 'USER_VERIFICATION_COMPLETED')).toBe(false)
      expect(await slice.destination('key_a', 'USER_VERIFICATION_COMPLETED')).toBeNull()
      expect(await slice.destinations('key_a')).toEqual([])
    })

    it('disables a destination only once its run of failures is long enough and old enough; a success ends the run', async () => {
      const { slice } = await fresh()
      await slice.putDestination({
        keyId: 'key_a',
        type: 'USER_VERIFICATION_COMPLETED',
        url: 'https://a.example/',
        secret: 'whsec_1',
        now: T0,
      })
      const rule = { failures: 3, ms: 1000 }
      const fail = (at: number) => slice.recordResult('key_a', 'USER_VERIFICATION_COMPLETED', false, at, rule)
      await fail(T0)
      await fail(T0 + 10)
      expect((await fail(T0 + 20))!.disabledAt).toBeNull() // 3 failures, but only 20 ms
      expect(
        await slice.recordResult('key_a', 'USER_VERIFICATION_COMPLETED', true, T0 + 30, rule),
      ).toMatchObject({ failures: 0, failingSince: null })
      for (const at of [T0 + 100, T0 + 600]) expect((await fail(at))!.disabledAt).toBeNull()
      expect((await fail(T0 + 1100))!).toMatchObject({
        failures: 3,
        failingSince: T0 + 100,
        disabledAt: T0 + 1100,
      })
    })

    it('claims what is due, oldest first, under a lease that no second claim gets until it ends', async () => {
      const o = await fresh()
      const a = event()
      const b = event()
      const later = event({ createdAt: T0 + 60_000 })
      await o.enqueueInTransaction(a)
      await o.slice.insert(b)
      await o.slice.insert(later)
      const first = await o.slice.claim(T0 + 1000, 30_000, 10)
      expect(first.map((c) => c.delivery.id)).toEqual([a.id, b.id])
      expect(first[0]!.delivery).toMatchObject({
        keyId: 'key_a',
        type: 'USER_VERIFICATION_COMPLETED',
        sealedBody: a.sealedBody,
        status: 'pending',
        attempts: 0,
      })
      expect(await o.slice.claim(T0 + 2000, 30_000, 10)).toEqual([])
      // the lease ends: taken again, under another token; the old one can no longer finish
      const again = await o.slice.claim(T0 + 31_001, 30_000, 1)
      expect(again.map((c) => c.delivery.id)).toEqual([a.id])
      expect(again[0]!.lease).not.toBe(first[0]!.lease)
      expect(await o.slice.finish(a.id, first[0]!.lease, failed(T0 + 31_002, T0 + 40_000))).toBe(false)
      expect(await o.slice.finish(a.id, again[0]!.lease, failed(T0 + 31_002, T0 + 40_000))).toBe(true)
      expect(await o.slice.delivery('key_a', a.id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        nextAt: T0 + 40_000,
        lastError: 'answered 503',
        lastStatus: 503,
        lastAt: T0 + 31_002,
      })
    })

    it('settles a delivery (no more claims) and logs it newest first, per key', async () => {
      const o = await fresh()
      const a = event()
      const b = event({ keyId: 'key_b' })
      const c = event()
      for (const e of [a, b, c]) await o.slice.insert(e)
      for (const claim of await o.slice.claim(T0 + 100, 30_000, 10))
        await o.slice.finish(claim.delivery.id, claim.lease, {
          status: 'delivered',
          nextAt: null,
          error: null,
          httpStatus: 204,
          at: T0 + 200,
          attempted: true,
        })
      expect(await o.slice.claim(T0 + 10 * 86_400_000, 30_000, 10)).toEqual([])
      const log = await o.slice.deliveries('key_a', 10)
      expect(log.map((d) => d.id)).toEqual([c.id, a.id])
      expect(log[0]).toMatchObject({
        status: 'delivered',
        attempts: 1,
        nextAt: null,
        lastStatus: 204,
        lastError: null,
      })
      expect(await o.slice.delivery('key_b', a.id)).toBeNull()
      expect((await o.slice.deliveries('key_a', 1)).map((d) => d.id)).toEqual([c.id])
    })

    it('redelivers a settled delivery at once, leaves one whose attempt is running alone, and knows no other key’s', async () => {
      const o = await fresh()
      const a = event()
      await o.slice.insert(a)
      const [claim] = await o.slice.claim(T0 + 100, 30_000, 1)
      expect(await o.slice.redeliver('key_a', a.id, T0 + 200)).toBe('in_flight')
      await o.slice.finish(a.id, claim!.lease, failed(T0 + 300, null))
      expect(await o.slice.redeliver('key_b', a.id, T0 + 400)).toBe('missing')
      expect(await o.slice.redeliver('key_a', 'msg_nothing', T0 + 400)).toBe('missing')
      expect(await o.slice.redeliver('key_a', a.id, T0 + 400)).toBe('queued')
      expect(await o.slice.delivery('key_a', a.id)).toMatchObject({
        status: 'pending',
        nextAt: T0 + 400,
        attempts: 1,
      })
      expect((await o.slice.claim(T0 + 400, 30_000, 5)).map((c) => c.delivery.id)).toEqual([a.id])
    })

    it('records an outcome that sent nothing without counting an attempt', async () => {
      const o = await fresh()
      const a = event()
      await o.slice.insert(a)
      const [claim] = await o.slice.claim(T0 + 100, 30_000, 1)
      await o.slice.finish(a.id, claim!.lease, {
        status: 'no_destination',
        nextAt: null,
        error: 'no destination for this event type',
        httpStatus: null,
        at: T0 + 150,
        attempted: false,
      })
      expect(await o.slice.delivery('key_a', a.id)).toMatchObject({
        status: 'no_destination',
        attempts: 0,
        lastAt: null,
        lastError: 'no destination for this event type',
      })
    })

    it.runIf(twin !== undefined)('never lets two instances claim the same delivery at once', async () => {
      const one = await fresh()
      const two = await twin!(one)
      opened.push(two)
      const events = Array.from({ length: 40 }, () => event())
      for (const e of events) await one.slice.insert(e)
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).slice.claim(T0 + 1000, 30_000, 7)),
      )
      const ids = claims.flat().map((c) => c.delivery.id)
      expect(ids).toHaveLength(40)
      expect(new Set(ids).size).toBe(40)
    })
  })
}
