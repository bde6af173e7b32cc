/**
 * The webhook machinery, one for every event type: the outbox systems enqueue into (outbox.ts), the
 * worker that delivers (worker.ts, run by server/jobs.ts), the admin routes (routes.ts) and the
 * operations behind them and the CLI (service.ts). Built once per process from the base store.
 */
import type { Logger } from '../log.ts'
import { silentLogger } from '../log.ts'
import type { Store } from '../store/types.ts'
import type { DestinationPolicy } from './destination.ts'
import { createOutbox, type Outbox } from './outbox.ts'
import { storeSealer, type Sealer } from './seal.ts'
import { DELIVERY_RETENTION_MS } from './store/layout.ts'
import { openWebhookStore } from './store/index.ts'
import type { WebhookStore } from './store/types.ts'
import { createWorker, type Worker, type WorkerOptions } from './worker.ts'

export interface WebhooksOptions extends Partial<DestinationPolicy> {
  /** the base store (not a wrapper): the slice opens on its connection */
  store: Store
  now?: () => number
  log?: Logger
  random?: () => number
  /** tests: a shorter attempt timeout, another sender */
  worker?: Partial<Pick<WorkerOptions, 'send' | 'timeoutMs' | 'leaseMs'>>
}

export interface Webhooks {
  store: WebhookStore
  outbox: Outbox
  worker: Worker
  policy: DestinationPolicy
  now: () => number
  /** deletes deliveries past the retention */
  sweep(): Promise<number>
  /** the jobs registry connects this to the delivery loop's kick */
  onKick(kick: () => void): void
}

export function createWebhooks({
  store: baseStore,
  now = Date.now,
  log = silentLogger,
  random = Math.random,
  devMode = false,
  lookup,
  worker: workerOptions = {},
}: WebhooksOptions): Webhooks {
  const store = openWebhookStore(baseStore)
  const policy: DestinationPolicy = { devMode, ...(lookup ? { lookup } : {}) }
  let sealer: Promise<Sealer> | null = null
  const getSealer = () => {
    if (!sealer) {
      const creating = storeSealer(baseStore)
      creating.catch(() => {
        if (sealer === creating) sealer = null
      })
      sealer = creating
    }
    return sealer
  }
  let kick = () => {}
  const outbox = createOutbox({ sealer: getSealer, writer: store, now, onKick: () => kick() })
  const worker = createWorker({ store, sealer: getSealer, now, random, log, ...policy, ...workerOptions })
  return {
    store,
    outbox,
    worker,
    policy,
    now,
    sweep: () => store.sweep(now() - DELIVERY_RETENTION_MS),
    onKick: (run) => (kick = run),
  }
}
