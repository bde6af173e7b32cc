/**
 * The hosted check's persistence, a slice of its own beside the shared Store: registered users, their
 * invites, the per-key page settings, passkeys and the region claims. Nothing personal goes in: the
 * customer's reference_user_id only as a keyed hash, invite codes and credential ids only as hashes,
 * no addresses, no user agents. Two implementations (embedded.ts on the same SQLite file, redis.ts on the
 * same Redis), one contract test (test/hosted-store-contract.ts).
 */
import type { DataRequestType } from '../../../shared/contracts/verifyyou.ts'
import type { PreparedEvent } from '../../webhooks/outbox.ts'

export interface HostedResult {
  /** 0–100 */
  humannessScore: number
  fulfillmentTimeS: number
  /** keyed hash of the passkey's credential, scoped to the key or region; null without a passkey */
  uniqueHumanId: string | null
  completedAt: number
}

export interface HostedUser {
  /** bcu_... */
  userId: string
  keyId: string
  /** keyed hash of reference_user_id under the key (server/user-hash.ts) */
  refHash: string
  /** reference_user_id sealed under the invite's code (../reference.ts), for the webhook; null once spent */
  refSealed: string | null
  /** the customer's uniqueness_region_id, as given (an id of theirs, e.g. a survey's); null: the key */
  regionId: string | null
  dataRequest: DataRequestType
  redirectUrl: string | null
  state: string | null
  createdAt: number
  /** SHA-256 of the current invite's one-time code */
  codeHash: string
  codeExpiresAt: number
  /** when the code was spent; null while it is unspent */
  codeUsedAt: number | null
  result: HostedResult | null
}

export interface KeySettings {
  /** origins (scheme://host[:port]) a redirect_url may be on; empty: loopback only */
  redirectOrigins: string[]
  /** the page's theme */
  name: string | null
  logoUrl: string | null
  /** #rrggbb */
  accent: string | null
}

export const DEFAULT_KEY_SETTINGS: KeySettings = Object.freeze({
  redirectOrigins: [],
  name: null,
  logoUrl: null,
  accent: null,
}) as KeySettings

export interface StoredPasskey {
  /** base64url of the credential's public key (COSE) */
  publicKey: string
  counter: number
}

export type CompletionOutcome =
  | { ok: true; user: HostedUser }
  | {
      ok: false
      why: 'DOES_NOT_EXIST' | 'INVITE_EXPIRED' | 'INVITE_ALREADY_USED' | 'ALREADY_VERIFIED_IN_REGION'
    }

export interface Completion {
  codeHash: string
  result: HostedResult
  now: number
  /**
   * the region claim this completion makes (a region was given and a passkey used): refused when the same
   * unique_human_id was claimed in it by another reference user
   */
  claim: { scope: string; uniqueHumanId: string } | null
  /** the USER_VERIFICATION_COMPLETED webhook, written into the outbox in the same transaction */
  event: PreparedEvent | null
}

export interface HostedStore {
  /**
   * Creates the user for (keyId, refHash), or gives the existing one a fresh invite (the old code stops
   * working) and the request's settings; a verified result is kept.
   */
  register(
    user: Omit<HostedUser, 'userId' | 'codeUsedAt' | 'result'> & { userId: string },
  ): Promise<HostedUser>
  findByRef(keyId: string, refHash: string): Promise<HostedUser | null>
  findByCode(codeHash: string): Promise<HostedUser | null>
  /** the key's registered users (the dashboard's hosted sessions), newest first, a page at a time */
  listUsers(keyId: string, page: { offset: number; limit: number }): Promise<HostedUser[]>
  /**
   * Atomically: the code exists, is unexpired and unspent, the region claim is free (or this reference
   * user's); then spends the code, records the result and the claim. `also` runs inside the same
   * transaction on the embedded store (the webhook outbox's enqueue).
   */
  complete(completion: Completion): Promise<CompletionOutcome>

  keySettings(keyId: string): Promise<KeySettings>
  setKeySettings(keyId: string, settings: Partial<KeySettings>): Promise<KeySettings>

  passkey(credentialHash: string): Promise<StoredPasskey | null>
  savePasskey(credentialHash: string, passkey: StoredPasskey): Promise<void>
}
