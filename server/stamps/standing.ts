/**
 * What stamps need of the trust system (server/trust/): a user's standing under a key, in the trust
 * system's own types. `notEnrolled` is for tools that never stamp (the CLI's log check).
 */
import type { StandingOf } from '../trust/standing.ts'

export type { CreatorStanding, StandingOf } from '../trust/standing.ts'

export const notEnrolled: StandingOf = async () => ({
  enrolled: false,
  enrolledSince: null,
  lastVerified: null,
  trustScore: 0,
})
