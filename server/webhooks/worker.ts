/**
 * The delivery worker: claims due deliveries with a lease, makes one attempt each, and records the
 * outcome: delivered on a 2xx; gone (and the destination disabled) on 410; otherwise the next attempt
 * on the published schedule (schedule.ts), later if the destination asked with Retry-After, or failed
 * when the schedule is spent. Every attempt carries the same webhook-id and a fresh signature.
 * A lease outlives the longest attempt, so no other worker or instance takes a delivery while it runs;
 * a worker that dies mid-attempt leaves it to be taken again when the lease ends (at least once).
 */
import type { Logger } from '../log.ts'
import { ATTEMPT_TIMEOUT_MS, sendAttempt, type AttemptInput, type AttemptResult } from './deliver.ts'
import type { DestinationPolicy } from './destination.ts'
import { MAX_ATTEMPTS, nextAttemptAt } from './schedule.ts'
import type { Sealer } from './seal.ts'
import type { AttemptOutcome, Claim, WebhookStore } from './store/types.ts'

/** A destination is disabled after this many failed attempts in a row spanning at least this long. */
export const DISABLE_AFTER = { failures: 15, ms: 24 * 3_600_000 } as const
/** The lease of a claim: past the longest attempt, with room for the bookkeeping around it. */
export const LEASE_MS = ATTEMPT_TIMEOUT_MS + 15_000
/** Attempts running side by side, per instance. */
export const BATCH = 16

export interface WorkerOptions extends DestinationPolicy {
  store: WebhookStore
  sealer: () => Promise<Sealer>
  now?: () => number
  random?: () => number
  log: Logger
  /** one attempt (deliver.ts); tests replace it only where the network is not the point */
  send?: (input: AttemptInput, policy: DestinationPolicy & { timeoutMs?: number }) => Promise<AttemptResult>
  timeoutMs?: number
  leaseMs?: number
}

export interface Worker {
  /**
   * Claims what is due into the free attempt slots and starts those attempts, without waiting for them:
   * a destination that takes its 15 s holds one slot, not the next pass (the jobs loop calls this).
   */
  tick(): Promise<number>
  /** claims and attempts what is due, until nothing is and every attempt has ended; answers how many ran */
  runOnce(): Promise<number>
  /** waits for the attempts that are running (a stop) */
  drain(): Promise<void>
}

export function createWorker({
  store,
  sealer,
  now = Date.now,
  random = Math.random,
  log,
  send = sendAttempt,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
  leaseMs = LEASE_MS,
  ...policy
}: WorkerOptions): Worker {
  const settle = (claim: Claim, outcome: Omit<AttemptOutcome, 'at'>) =>
    store.finish(claim.delivery.id, claim.lease, { ...outcome, at: now() })

  const attempt = async (claim: Claim): Promise<void> => {
    const { delivery } = claim
    const destination = await store.destination(delivery.keyId, delivery.type)
    if (!destination) {
      await settle(claim, {
        status: 'no_destination',
        nextAt: null,
        error: 'no destination for this event type',
        httpStatus: null,
        attempted: false,
      })
      return
    }
    if (destination.disabledAt !== null) {
      await settle(claim, {
        status: 'disabled',
        nextAt: null,
        error: 'the destination is disabled; edit it to enable it, then redeliver',
        httpStatus: null,
        attempted: false,
      })
      return
    }
    const body = (await sealer()).open(delivery.sealedBody)
    if (body === null) {
      await settle(claim, {
        status: 'failed',
        nextAt: null,
        error: 'the stored event cannot be opened (the store secret changed)',
        httpStatus: null,
        attempted: false,
      })
      return
    }
    const started = now()
    const result = await send(
      { url: destination.url, secret: destination.secret, id: delivery.id, body, now: started },
      { ...policy, timeoutMs },
    )
    const at = now()
    const attempts = delivery.attempts + 1
    if (result.ok) {
      await store.recordResult(delivery.keyId, delivery.type, true, at, DISABLE_AFTER)
      const kept = await settle(claim, {
        status: 'delivered',
        nextAt: null,
        error: null,
        httpStatus: result.status,
        attempted: true,
      })
      if (!kept) log.info('webhook delivered after its lease ended', { webhook_id: delivery.id })
      return
    }
    // 410 Gone: the receiver says the endpoint is gone for good; the destination is disabled at once
    await store.recordResult(
      delivery.keyId,
      delivery.type,
      false,
      at,
      result.gone ? { failures: 0, ms: 0 } : DISABLE_AFTER,
    )
    const nextAt = result.gone ? null : nextAttemptAt(attempts, at, random, result.retryAfterMs)
    const status = result.gone ? 'gone' : nextAt === null ? 'failed' : 'pending'
    await settle(claim, { status, nextAt, error: result.error, httpStatus: result.status, attempted: true })
    log.info('webhook attempt failed', {
      webhook_id: delivery.id,
      attempt: attempts,
      of: MAX_ATTEMPTS,
      status: result.status ?? 'none',
      next: nextAt === null ? status : new Date(nextAt).toISOString(),
    })
  }

  const inflight = new Set<Promise<void>>()
  const start = async (): Promise<number> => {
    let started = 0
    for (;;) {
      const room = BATCH - inflight.size
      if (room <= 0) return started
      const claims = await store.claim(now(), leaseMs, room)
      for (const claim of claims) {
        const running: Promise<void> = attempt(claim)
          .catch((error: unknown) =>
            log.error('webhook attempt could not be recorded', {
              webhook_id: claim.delivery.id,
              error: error instanceof Error ? error.name : 'unknown',
            }),
          )
          .finally(() => inflight.delete(running))
        inflight.add(running)
      }
      started += claims.length
      if (claims.length < room) return started
    }
  }

  return {
    tick: start,
    async runOnce() {
      let ran = 0
      for (;;) {
        ran += await start()
        if (inflight.size === 0) return ran
        await Promise.all([...inflight])
      }
    },
    drain: async () => void (await Promise.all([...inflight])),
  }
}
