/**
 * How often a sighting renews a digest, for both replay stores (store-embedded.ts, store-redis.ts).
 *
 * A sighting of a digest renewed less than a RENEW_SHARE of its TTL ago is not written: its row already
 * expires at least (1 - 1/RENEW_SHARE) of a TTL from now. A payload sent again and again (a replayer's
 * copies, a client's retries) then costs reads, not a write of each of its digests on every call (a page
 * of the embedded table, a HASH on Redis); a digest is kept for its TTL after its last sighting, give or
 * take that 64th.
 */
export const RENEW_SHARE = 64
