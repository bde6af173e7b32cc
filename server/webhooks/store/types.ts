/**
 * The webhooks' persistence, a slice of its own beside the shared Store: destinations (one per key and
 * event type) and the outbox of deliveries with their log. Two implementations on the store's own
 * connection (embedded.ts: tables in the same SQLite file; redis.ts: keys in the same Redis, claimed by
 * a Lua script), one contract test (test/contracts/webhooks.ts).
 */
import type { WebhookType } from '../events.ts'
import type { OutboxWriter } from '../outbox.ts'

export interface Destination {
  keyId: string
  type: WebhookType
  url: string
  /** whsec_ + base64 of 32 random bytes */
  secret: string
  createdAt: number
  updatedAt: number
  /** failed attempts in a row (any delivery), reset by a success or an edit */
  failures: number
  /** when the current run of failures began; null when the last attempt succeeded */
  failingSince: number | null
  /** set when a run of failures disabled it (docs/webhooks.md); an edit enables it again */
  disabledAt: number | null
}

export const DELIVERY_STATUSES = [
  'pending',
  'delivered',
  /** every attempt of the schedule failed */
  'failed',
  /** the destination answered 410 Gone: never tried again */
  'gone',
  /** the key had no destination for the type when it was due */
  'no_destination',
  /** the destination was disabled when it was due */
  'disabled',
] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export interface Delivery {
  /** the webhook-id */
  id: string
  keyId: string
  type: WebhookType
  sealedBody: string
  createdAt: number
  status: DeliveryStatus
  attempts: number
  /** when the next attempt is due (or a running attempt's lease ends); null once it is settled */
  nextAt: number | null
  lastError: string | null
  /** the HTTP status of the last attempt; null when it got none */
  lastStatus: number | null
  lastAt: number | null
}

export interface Claim {
  delivery: Delivery
  /** proves the claim when finishing; a claim whose lease ran out and was taken again cannot finish */
  lease: string
}

export interface AttemptOutcome {
  status: DeliveryStatus
  nextAt: number | null
  error: string | null
  httpStatus: number | null
  at: number
  /** whether the attempt counts (false for no_destination / disabled: nothing was sent) */
  attempted: boolean
}

export interface DestinationInput {
  keyId: string
  type: WebhookType
  url: string
  /** used only when the destination is new (an edit keeps its secret) */
  secret: string
  now: number
}

export interface WebhookStore extends OutboxWriter {
  /** creates or edits the key's destination for a type; an edit keeps the secret and enables it again */
  putDestination(input: DestinationInput): Promise<{ destination: Destination; created: boolean }>
  destination(keyId: string, type: WebhookType): Promise<Destination | null>
  destinations(keyId: string): Promise<Destination[]>
  deleteDestination(keyId: string, type: WebhookType): Promise<boolean>
  rotateSecret(keyId: string, type: WebhookType, secret: string, now: number): Promise<Destination | null>
  /**
   * After an attempt: a success clears the run of failures; a failure lengthens it, and disables the
   * destination once the run is `disableAfter.failures` long and began `disableAfter.ms` ago or more.
   */
  recordResult(
    keyId: string,
    type: WebhookType,
    ok: boolean,
    now: number,
    disableAfter: { failures: number; ms: number },
  ): Promise<Destination | null>

  /**
   * Claims up to `limit` deliveries due at `now`, each leased until now + leaseMs under a fresh token:
   * until then no other claim (another worker, another instance) gets it. Atomic.
   */
  claim(now: number, leaseMs: number, limit: number): Promise<Claim[]>
  /** Records an attempt's outcome, only while `lease` is still the delivery's; answers whether it was. */
  finish(id: string, lease: string, outcome: AttemptOutcome): Promise<boolean>

  /** the key's deliveries, newest first */
  deliveries(keyId: string, limit: number): Promise<Delivery[]>
  delivery(keyId: string, id: string): Promise<Delivery | null>
  /**
   * Makes a delivery of the key due now (pending again if it had settled): `queued`; `in_flight` while an
   * attempt holds its lease (nothing changes); `missing` when the key has no such delivery.
   */
  redeliver(keyId: string, id: string, now: number): Promise<'queued' | 'in_flight' | 'missing'>
  /** deletes deliveries created before `before`; answers how many */
  sweep(before: number): Promise<number>
}
