/** Plan limits: requests per minute (burst) and successful verifications per calendar month (UTC). */
export interface PlanLimits {
  perMinute: number
  perMonth: number
}

export const PLANS = {
  trial: { perMinute: 60, perMonth: 1_000 },
  free: { perMinute: 60, perMonth: 1_000 },
  starter: { perMinute: 300, perMonth: 10_000 },
  growth: { perMinute: 1_200, perMonth: 100_000 },
  scale: { perMinute: 6_000, perMonth: 1_000_000 },
} as const satisfies Record<string, PlanLimits>

export type BuiltInPlan = keyof typeof PLANS

/** Plan names are lower-case identifiers so they are safe in a CLI, a URL and a JSON file. */
export const PLAN_NAME = /^[a-z][a-z0-9_-]{0,31}$/

/** How long a trial key lives when no end is given. */
export const TRIAL_DAYS = 14
