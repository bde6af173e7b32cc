/**
 * A Huma server for `bench/verify-quick.ts --parts`: the same app as `npm start` (createApp over the
 * store HUMA_DATA_DIR names, with metrics and the proof of work's default), with the scoring seam
 * replaced as HUMA_BENCH_PART says, so a run can tell what the scoring and the replay check cost from
 * what everything else costs:
 *
 *   fixed      no scoring and no replay check: every call is answered 0.9 (what routing, the key, the
 *              limits, the month, the user hash, the token's signature and the answer cost)
 *   no-replay  the scoring engine alone: no replay digests are taken of the activity, none is looked up
 *   full       createApp's own scorer, as `npm start` runs it
 *
 * Bench only: nothing in server/ reads HUMA_BENCH_PART.
 */
import { serve } from '@hono/node-server'
import { createApp } from '../server/app.ts'
import { readConfig } from '../server/config.ts'
import { HTTP_SERVER_OPTIONS } from '../server/http/node-server.ts'
import { createMetrics } from '../server/metrics/metrics.ts'
import { openStore } from '../server/store/index.ts'
import { createRequestScorer, type ScoreFn } from '../server/verify/scorer.ts'

const PARTS = {
  fixed: (): ScoreFn => async () => ({ confidence: 0.9, reasons: ['HUMAN_MOTION'] }),
  'no-replay': (): ScoreFn =>
    createRequestScorer({
      store: { sightDigests: async (sightings) => sightings.map(() => null) },
      digests: () => ({ exact: null, near: [] }),
    }),
  full: (): undefined => undefined,
}

const part = process.env.HUMA_BENCH_PART ?? 'full'
if (!(part in PARTS)) throw new Error(`HUMA_BENCH_PART must be one of ${Object.keys(PARTS).join(', ')}`)
const config = readConfig()
const store = openStore(config.store)
const score = PARTS[part as keyof typeof PARTS]()
const app = createApp({
  store,
  plans: config.plans,
  metrics: createMetrics({ processMetrics: true }),
  challenge: config.challenge,
  ...(score ? { score } : {}),
})
serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: HTTP_SERVER_OPTIONS })
process.on('SIGTERM', () => void store.close().finally(() => process.exit(0)))
