/**
 * Stable reason codes that say what drove a score. Documented in docs/scoring.md.
 * Codes are only ever added, never renamed: customers match on them.
 */
export const REASONS = [
  'NO_SIGNALS',
  'TOO_FEW_EVENTS',
  'AUTOMATION_FLAG',
  'UNTRUSTED_EVENTS',
  'IMPOSSIBLE_TIMING',
  'LINEAR_MOTION',
  'REGULAR_TIMING',
  'TELEPORT',
  'HUMAN_MOTION',
  'HUMAN_TYPING',
  'HUMAN_SCROLL',
  'HUMAN_TOUCH',
  'REPLAYED_SIGNALS',
  'SANDBOX',
  'CHALLENGE_FAILED',
] as const

export type Reason = (typeof REASONS)[number]
