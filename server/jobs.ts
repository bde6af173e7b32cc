/**
 * Every background loop of the server, in one map: main.ts starts them after it listens and stops them
 * on SIGTERM (a stop waits for a pass that is running). Each loop is a pass (`run`) repeated `everyMs`
 * after the previous one ends; `kick` runs a pass now (or right after the running one). The clock is
 * injectable, so tests drive the loops without waiting.
 */
import type { Logger } from './log.ts'
import type { Store } from './store/types.ts'
import { PASSER_BY_RETENTION_MS, trustSlice } from './trust/store.ts'
import type { Webhooks } from './webhooks/index.ts'

export interface Clock {
  now(): number
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: Date.now,
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export interface Loop {
  /** one pass; a throw is logged and the loop goes on */
  run(): Promise<unknown>
  everyMs: number
  /** after the last pass, on stop: waits for work a pass started and did not wait for */
  stop?(): Promise<void>
}

export interface Jobs<Name extends string> {
  start(): void
  kick(name: Name): void
  /** stops every loop, after the passes that are running end */
  stop(): Promise<void>
}

export function startJobs<Name extends string>(
  loops: Record<Name, Loop>,
  { clock = systemClock, log }: { clock?: Clock; log: Logger },
): Jobs<Name> {
  interface State {
    timer: unknown
    running: Promise<void> | null
    again: boolean
  }
  const names = Object.keys(loops) as Name[]
  const state = new Map<Name, State>(names.map((n) => [n, { timer: null, running: null, again: false }]))
  let stopped = true

  const pass = (name: Name) => {
    const s = state.get(name)!
    if (stopped) return
    if (s.running) {
      s.again = true
      return
    }
    if (s.timer !== null) clock.clearTimeout(s.timer)
    s.timer = null
    s.running = loops[name]
      .run()
      .then(
        () => undefined,
        (error: unknown) =>
          log.error('background job failed', {
            job: name,
            error: error instanceof Error ? error.name : 'unknown',
          }),
      )
      .finally(() => {
        s.running = null
        if (stopped) return
        if (s.again) {
          s.again = false
          pass(name)
        } else s.timer = clock.setTimeout(() => pass(name), loops[name].everyMs)
      })
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      for (const name of names) pass(name)
    },
    kick: (name) => pass(name),
    async stop() {
      stopped = true
      for (const s of state.values()) {
        if (s.timer !== null) clock.clearTimeout(s.timer)
        s.timer = null
      }
      await Promise.all([...state.values()].map((s) => s.running))
      await Promise.all(names.map((name) => loops[name].stop?.()))
    },
  }
}

export interface ServerJobDeps {
  webhooks: Webhooks
  /** the store whose slices the sweeps tidy (main.ts's); without it they have nothing to do */
  store?: Pick<Store, 'slice'>
  now?: () => number
}

/** The server's background loops. A new loop is one line here. */
export const JOBS = {
  /** delivers due webhooks (kicked at once when something is enqueued or redelivered) */
  webhookDelivery: ({ webhooks }: ServerJobDeps): Loop => ({
    run: () => webhooks.worker.tick(),
    everyMs: 1_000,
    stop: () => webhooks.worker.drain(),
  }),
  /** deletes webhook deliveries past their retention */
  webhookSweep: ({ webhooks }: ServerJobDeps): Loop => ({ run: () => webhooks.sweep(), everyMs: 3_600_000 }),
  /** forgets passers-by whose human verdict no longer counts toward a trust score (server/trust/) */
  trustSweep: ({ store, now = Date.now }: ServerJobDeps): Loop => ({
    run: async () => store?.slice(trustSlice).sweep(now() - PASSER_BY_RETENTION_MS),
    everyMs: 3_600_000,
  }),
} satisfies Record<string, (deps: ServerJobDeps) => Loop>

export type JobName = keyof typeof JOBS

/** Builds every loop of JOBS and starts them (main.ts); stop() on SIGTERM. */
export function startServerJobs(deps: ServerJobDeps, options: { clock?: Clock; log: Logger }): Jobs<JobName> {
  const loops = Object.fromEntries(Object.entries(JOBS).map(([name, make]) => [name, make(deps)])) as Record<
    JobName,
    Loop
  >
  const jobs = startJobs(loops, options)
  deps.webhooks.onKick(() => jobs.kick('webhookDelivery'))
  jobs.start()
  return jobs
}
