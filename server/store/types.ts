/**
 * Everything the server keeps, behind one interface. `embedded` (SQLite file + process memory) is
 * the default; `redis` shares state between instances. The same contract suite
 * (test/store-contract.ts) runs against each.
 *
 * Nothing personal is ever passed in: keys arrive as hashes, user ids as keyed hashes.
 */
import type { KeyMode } from '../../shared/keys.ts'

export interface ApiKeyRecord {
  id: string
  /** SHA-256 of the full key, hex */
  hash: string
  mode: KeyMode
  plan: string
  name: string | null
  createdAt: number
  /** epoch ms at which the trial ends; null when the key is not on a trial */
  trialEndsAt: number | null
  revokedAt: number | null
}

/** The outcome of one atomic check-and-count against a sliding window. */
export interface WindowHit {
  ok: boolean
  limit: number
  /** admissions left in the window after this one */
  remaining: number
  /** ms until the oldest admission in the window expires (a slot frees); 0 when the window is empty */
  resetMs: number
}

export interface MonthlyHit {
  ok: boolean
  used: number
}

export interface UsageRow {
  keyId: string
  month: string
  used: number
}

export interface SigningKeyRecord {
  kid: string
  /** private JWK as JSON */
  privateJwk: string
  createdAt: number
}

/** The first sighting of a digest: who sent it (an opaque tag) and when. */
export interface DigestSighting {
  sender: string
  at: number
}

export interface Store {
  readonly kind: string

  createKey(key: ApiKeyRecord): Promise<void>
  findKeyByHash(hash: string): Promise<ApiKeyRecord | null>
  findKeyById(id: string): Promise<ApiKeyRecord | null>
  listKeys(): Promise<ApiKeyRecord[]>
  revokeKey(id: string, at: number): Promise<boolean>
  setPlan(id: string, plan: string, trialEndsAt: number | null): Promise<boolean>

  /**
   * Sliding-window log: admits and records one hit when fewer than `limit` hits were admitted in
   * the last `windowMs`; otherwise records nothing. Atomic: concurrent callers never over-admit.
   */
  hitWindow(bucket: string, limit: number, windowMs: number, now: number): Promise<WindowHit>
  /** Counts one verification for the month when fewer than `limit` were counted. Atomic. */
  reserveMonthly(keyId: string, month: string, limit: number): Promise<MonthlyHit>
  /** Gives back a reservation whose verification did not succeed. */
  releaseMonthly(keyId: string, month: string): Promise<void>
  usage(month: string, keyId?: string): Promise<UsageRow[]>

  /**
   * Records a sighting of `digest` by `sender` that renews it for `ttlMs`. Answers the first sighting
   * still within its TTL (who and when), or null when there was none: this one is then the first.
   */
  sightDigest(digest: string, sender: string, ttlMs: number, now: number): Promise<DigestSighting | null>
  /**
   * sightDigest for several digests at once (a payload's exact digest and its near-duplicate bands), each
   * with its own sender tag: one commit on the embedded store, one script on Redis. Answers in order.
   */
  sightDigests(
    sightings: readonly { digest: string; sender: string }[],
    ttlMs: number,
    now: number,
  ): Promise<(DigestSighting | null)[]>

  /** Audit-token signing keys, oldest first; the newest signs. */
  signingKeys(): Promise<SigningKeyRecord[]>
  addSigningKey(key: SigningKeyRecord): Promise<void>
  /** Removes a signing key for good (it neither signs nor verifies any more); false when there was none. */
  retireSigningKey(kid: string): Promise<boolean>
  /** A named secret, created once by `create` and shared by every instance from then on. */
  secret(name: string, create: () => string): Promise<string>

  /** Throws StoreUnavailableError when the backing store cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** The backing store cannot be reached. Routes answer 503 SERVICE_UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
}
