/** Reads the environment once, for server/main.ts and the CLI. */
import { loadPlans, type PlanTable } from './plans.ts'
import type { StoreConfig } from './store/index.ts'

export interface Config {
  port: number
  host: string
  store: StoreConfig
  plans: PlanTable
  tokenTtlDays: number
  /** HUMA_DEMO=off turns off the demo page's sign-up and its key */
  demo: boolean
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not ${JSON.stringify(value)}`)
  return n
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: positiveInt('PORT', env.PORT, 8787),
    host: env.HOST ?? '0.0.0.0',
    store: { url: env.HUMA_STORE, dataDir: env.HUMA_DATA_DIR ?? './data' },
    plans: loadPlans(env.HUMA_PLANS),
    tokenTtlDays: positiveInt('HUMA_TOKEN_TTL_DAYS', env.HUMA_TOKEN_TTL_DAYS, 365),
    demo: !['off', '0', 'false'].includes((env.HUMA_DEMO ?? '').toLowerCase()),
  }
}
