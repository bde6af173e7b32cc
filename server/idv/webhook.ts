/**
 * The seam to the webhook machinery (server/webhooks/): a completed check becomes one event of type
 * IDENTITY_VERIFICATION_COMPLETED (registered in server/webhooks/events.ts) whose data is the original's
 * payload (`check_id`, `user_identifier`, `verification_result`, file URLs, `completed_at`), signed,
 * sent and retried by that machinery. createApp passes `enqueueThrough(webhooks.outbox)`. The event is
 * enqueued with `outbox.enqueue` after the check is stored, not in its transaction (enqueueInSqlite /
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
