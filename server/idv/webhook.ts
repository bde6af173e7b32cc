/**
 * The seam to the webhook machinery (server/webhooks/, built on branch issue-18-webhooks at the same
 * time as this): a completed check becomes one event of type IDENTITY_VERIFICATION_COMPLETED whose data
 * is the original's payload (`check_id`, `user_identifier`, `verification_result`, file URLs,
 * `completed_at`), signed, sent and retried by that machinery. To wire it once both are merged: add
 * `IDENTITY_VERIFICATION_COMPLETED: idvWebhookPayloadSchema` to WEBHOOK_EVENTS (server/webhooks/events.ts)
 * and the type to WEBHOOK_TYPE_VALUES (shared/contracts/verifyyou.ts), then pass
 * `enqueueEvent: enqueueThrough(webhooks.outbox)` in the `idv` options of createApp. The event is enqueued
 * with `outbox.enqueue` after the check is stored, not in its transaction (enqueueInSqlite /
 * enqueueInMulti inside the idv slice's putCheck would make it one: a later step).
 */
import type { IdvWebhookPayload } from '../../shared/contracts/idv.ts'
import type { EnqueueEvent } from './service.ts'

export const IDV_WEBHOOK_TYPE = 'IDENTITY_VERIFICATION_COMPLETED'

/** What server/webhooks/outbox.ts's Outbox offers, as far as this system needs it. */
export interface OutboxLike {
  enqueue(type: typeof IDV_WEBHOOK_TYPE, keyId: string, data: IdvWebhookPayload): Promise<string>
  /** deliver now rather than at the worker's next tick */
  kick?(): void
}

export function enqueueThrough(outbox: OutboxLike): EnqueueEvent {
  return async function enqueueIdvCompleted(event) {
    await outbox.enqueue(IDV_WEBHOOK_TYPE, event.keyId, event.payload)
    outbox.kick?.()
  }
}
