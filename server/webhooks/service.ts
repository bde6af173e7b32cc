/**
 * The webhook admin operations, for the routes and the CLI alike: results, no HTTP. Answers use the
 * contract's field names (shared/contracts/verifyyou.ts), times as ISO-8601.
 */
import type { z } from 'zod'
import type { webhookConfigSchema, webhookDeliverySchema } from '../../shared/contracts/verifyyou.ts'
import { checkDestination } from './destination.ts'
import type { WebhookType } from './events.ts'
import type { Webhooks } from './index.ts'
import { newSecret } from './sign.ts'
import type { Delivery, Destination } from './store/types.ts'

export type WebhookConfigView = z.infer<typeof webhookConfigSchema>
export type DeliveryView = z.infer<typeof webhookDeliverySchema>
export interface AdminFailure {
  ok: false
  code: 'INVALID_REQUEST' | 'DOES_NOT_EXIST'
  message: string
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export const configView = (d: Destination): WebhookConfigView => ({
  webhook_type: d.type,
  destination_url: d.url,
  enabled: d.disabledAt === null,
  disabled_at: iso(d.disabledAt),
  consecutive_failures: d.failures,
  created_at: iso(d.createdAt)!,
  updated_at: iso(d.updatedAt)!,
})

export const deliveryView = (d: Delivery): DeliveryView => ({
  webhook_id: d.id,
  webhook_type: d.type,
  status: d.status,
  attempts: d.attempts,
  last_error: d.lastError,
  last_status_code: d.lastStatus,
  last_attempt_at: iso(d.lastAt),
  next_attempt_at: iso(d.nextAt),
  created_at: iso(d.createdAt)!,
})

const missing = (type: WebhookType): AdminFailure => ({
  ok: false,
  code: 'DOES_NOT_EXIST',
  message: `No webhook is configured for webhook_type ${type}`,
})

export function webhookAdmin({ store, policy, now, outbox }: Webhooks) {
  return {
    async createOrEdit(keyId: string, type: WebhookType, url: string) {
      const checked = await checkDestination(url, policy)
      if (!checked.ok)
        return {
          ok: false,
          code: 'INVALID_REQUEST',
          message: `Invalid field: destination_url ${checked.reason}`,
        } satisfies AdminFailure
      const { destination, created } = await store.putDestination({
        keyId,
        type,
        url: checked.url.href,
        secret: newSecret(),
        now: now(),
      })
      return {
        ok: true,
        created,
        ...(created ? { secret: destination.secret } : {}),
        webhook: configView(destination),
      } as const
    },
    async list(keyId: string) {
      return (await store.destinations(keyId)).map(configView)
    },
    async remove(keyId: string, type: WebhookType): Promise<{ ok: true } | AdminFailure> {
      return (await store.deleteDestination(keyId, type)) ? { ok: true } : missing(type)
    },
    async rotateSecret(keyId: string, type: WebhookType) {
      const rotated = await store.rotateSecret(keyId, type, newSecret(), now())
      return rotated ? ({ ok: true, secret: rotated.secret } as const) : missing(type)
    },
    async deliveries(keyId: string, { type, limit = 50 }: { type?: WebhookType; limit?: number } = {}) {
      // the log is read newest first; a type filter reads a wider page so that `limit` of that type show
      const rows = await store.deliveries(keyId, type ? Math.min(limit * 4, 400) : limit)
      return rows
        .filter((d) => !type || d.type === type)
        .slice(0, limit)
        .map(deliveryView)
    },
    async redeliver(keyId: string, id: string) {
      const outcome = await store.redeliver(keyId, id, now())
      if (outcome === 'missing')
        return {
          ok: false,
          code: 'DOES_NOT_EXIST',
          message: `No delivery ${id} for this key`,
        } satisfies AdminFailure
      if (outcome === 'queued') outbox.kick()
      const delivery = await store.delivery(keyId, id)
      if (!delivery)
        return {
          ok: false,
          code: 'DOES_NOT_EXIST',
          message: `No delivery ${id} for this key`,
        } satisfies AdminFailure
      return { ok: true, queued: outcome === 'queued', delivery: deliveryView(delivery) } as const
    },
  }
}

export type WebhookAdmin = ReturnType<typeof webhookAdmin>
