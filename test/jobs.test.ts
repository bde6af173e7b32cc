/** The jobs registry: loops run on an injected clock, a kick runs a pass now, stop waits for a running pass. */
import { describe, expect, it } from 'vitest'
import { JOBS, startJobs, type Clock } from '../server/jobs.ts'
import { silentLogger } from '../server/log.ts'
import { WEBHOOK_TYPE_VALUES } from '../shared/contracts/verifyyou.ts'
import { WEBHOOK_EVENTS } from '../server/webhooks/events.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { PASSER_BY_RETENTION_MS, trustSlice } from '../server/trust/store.ts'
import { createWebhooks } from '../server/webhooks/index.ts'

/** A clock whose timers fire only when the test advances it. */
function manualClock() {
  let now = 0
  let timers: { at: number; run: () => void; id: number }[] = []
  let ids = 0
  const clock: Clock & { advance(ms: number): void; pending(): number } = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = ++ids
      timers.push({ at: now + ms, run, id })
      return id
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id)),
    advance(ms) {
      now += ms
      const due = timers.filter((t) => t.at <= now)
      timers = timers.filter((t) => t.at > now)
      for (const t of due) t.run()
    },
    pending: () => timers.length,
  }
  return clock
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('background jobs', () => {
  it('runs a pass at start, then every everyMs after the last one ends', async () => {
    const clock = manualClock()
    let passes = 0
    const jobs = startJobs(
      { tick: { run: async () => void passes++, everyMs: 1000 } },
      { clock, log: silentLogger },
    )
    jobs.start()
    await settle()
    expect(passes).toBe(1)
    clock.advance(999)
    await settle()
    expect(passes).toBe(1)
    clock.advance(1)
    await settle()
    expect(passes).toBe(2)
    await jobs.stop()
    clock.advance(10_000)
    await settle()
    expect(passes).toBe(2)
    expect(clock.pending()).toBe(0)
  })

  it('runs a kicked loop at once, or right after the pass that is running, never two passes at once', async () => {
    const clock = manualClock()
    let running = 0
    let most = 0
    let passes = 0
    let release: () => void = () => {}
    const jobs = startJobs(
      {
        tick: {
          run: async () => {
            running++
            most = Math.max(most, running)
            passes++
            await new Promise<void>((r) => (release = r))
            running--
          },
          everyMs: 60_000,
        },
      },
      { clock, log: silentLogger },
    )
    jobs.start()
    jobs.kick('tick')
    jobs.kick('tick')
    await settle()
    expect(passes).toBe(1)
    release()
    await settle()
    await settle()
    expect(passes).toBe(2) // the kicks, run once after the running pass
    const stopped = jobs.stop()
    let done = false
    void stopped.then(() => (done = true))
    await settle()
    expect(done).toBe(false) // stop waits for the running pass
    release()
    await stopped
    expect(most).toBe(1)
  })

  it('logs a failing pass and keeps the loop going', async () => {
    const clock = manualClock()
    const errors: string[] = []
    let passes = 0
    const jobs = startJobs(
      {
        flaky: {
          run: async () => {
            passes++
            throw new TypeError('boom')
          },
          everyMs: 10,
        },
      },
      { clock, log: { info: () => {}, error: (msg, f) => errors.push(`${msg} ${f?.job} ${f?.error}`) } },
    )
    jobs.start()
    await settle()
    clock.advance(10)
    await settle()
    expect(passes).toBe(2)
    expect(errors).toEqual(['background job failed flaky TypeError', 'background job failed flaky TypeError'])
    await jobs.stop()
  })

  it('registers the webhook delivery and sweep loops and the trust sweep', () => {
    expect(Object.keys(JOBS).sort()).toEqual(['trustSweep', 'webhookDelivery', 'webhookSweep'])
  })

  it("runs the trust sweep on the server's store, forgetting passers-by a month and a day after their verdict", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huma-jobs-'))
    const store = openEmbeddedStore(dir)
    try {
      const T0 = Date.UTC(2026, 10, 1)
      await store.slice(trustSlice).noteHuman('key_a', 'h', T0)
      const sweepAt = (now: number) =>
        JOBS.trustSweep({ webhooks: createWebhooks({ store }), store, now: () => now }).run()
      await sweepAt(T0 + PASSER_BY_RETENTION_MS - 1)
      expect(await store.slice(trustSlice).get('key_a', 'h')).not.toBeNull()
      await sweepAt(T0 + PASSER_BY_RETENTION_MS + 1)
      expect(await store.slice(trustSlice).get('key_a', 'h')).toBeNull()
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('has a schema for every webhook type of the contract, and no other', () => {
    expect(Object.keys(WEBHOOK_EVENTS).sort()).toEqual([...WEBHOOK_TYPE_VALUES].sort())
  })
})
