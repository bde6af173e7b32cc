/**
 * Plan limits: requests per minute (burst), successful verifications per calendar month (UTC) and
 * content stamps per calendar month (UTC; docs/stamps.md). A plan without `stampsPerMonth` allows 50
 * (DEFAULT_STAMPS_PER_MONTH in shared/contracts/stamps.ts, POY's free tier).
 */
export interface PlanLimits {
  perMinute: number
  perMonth: number
  stampsPerMonth?: number
}

export const PLANS = {
  trial: { perMinute: 60, perMonth: 1_000, stampsPerMonth: 50 },
  free: { perMinute: 60, perMonth: 1_000, stampsPerMonth: 50 },
  starter: { perMinute: 300, perMonth: 10_000, stampsPerMonth: 1_000 },
  growth: { perMinute: 1_200, perMonth: 100_000, stampsPerMonth: 10_000 },
  scale: { perMinute: 6_000, perMonth: 1_000_000, stampsPerMonth: 50_000 },
  // POY Verify's tiers (issue 19): requests per minute and stamps per month as POY sells them; their
  // verifications a month are those of the Huma plan of the same name
  'poy-free': { perMinute: 100, perMonth: 1_000, stampsPerMonth: 50 },
  'poy-starter': { perMinute: 500, perMonth: 10_000, stampsPerMonth: 1_000 },
  'poy-growth': { perMinute: 2_000, perMonth: 100_000, stampsPerMonth: 10_000 },
  'poy-scale': { perMinute: 5_000, perMonth: 1_000_000, stampsPerMonth: 50_000 },
} as const satisfies Record<string, PlanLimits>

export type BuiltInPlan = keyof typeof PLANS

/** Plan names are lower-case identifiers so they are safe in a CLI, a URL and a JSON file. */
export const PLAN_NAME = /^[a-z][a-z0-9_-]{0,31}$/

/** How long a trial key lives when no end is given. */
export const TRIAL_DAYS = 14
