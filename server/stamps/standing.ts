/**
 * What stamps need of the trust system (server/trust/, issue 19b): a user's standing under a key. The
 * shape is the seam's (/work/brief/poy-seam.md); `notEnrolled` is what app.ts passes until the trust
 * system is wired in, so that no one can stamp before enrolment exists.
 */
export interface CreatorStanding {
  /** a passed hosted check with a passkey, not revoked */
  enrolled: boolean
  enrolledSince: number | null
  /** epoch ms of the latest time this user was judged human */
  lastVerified: number | null
  /** 0..100, one decimal */
  trustScore: number
}
/** `userId` is the caller's raw user_id; the trust system hashes it */
export type StandingOf = (keyId: string, userId: string) => Promise<CreatorStanding>

export const notEnrolled: StandingOf = async () => ({
  enrolled: false,
  enrolledSince: null,
  lastVerified: null,
  trustScore: 0,
})
