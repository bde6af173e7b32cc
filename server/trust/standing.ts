/**
 * The seam other systems (server/stamps/) read a user's standing through: what Huma can attest about one
 * user of one key, from keyed hashes only. createApp builds one `standingOf` from the trust service.
 */

/** What Huma can attest about one user of one key, from keyed hashes only. */
export interface CreatorStanding {
  enrolled: boolean // a passed hosted check with a passkey, not revoked
  enrolledSince: number | null // epoch ms
  lastVerified: number | null // epoch ms of the latest time this user was judged human
  trustScore: number // 0..100, one decimal, from the documented signal table
}
export type StandingOf = (keyId: string, userId: string) => Promise<CreatorStanding>
