/**
 * The hosted check's domain: register a user and mint an invite, read its status, open an invite, and
 * complete it (score the evidence, check the passkey, claim the region, spend the code, sign the result).
 * Results, not exceptions; no HTTP here (routes.ts maps failure codes to statuses).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import type {
  FailureCode,
  GetStatusResponse,
  PasskeyResponse,
  RegisterRequest,
} from '../../shared/contracts/verifyyou.ts'
import { normaliseUserId } from '../../shared/user-id.ts'
import { HUMAN_THRESHOLD, roundConfidence } from '../../shared/verdict.ts'
import type { ApiKeyRecord } from '../store/types.ts'
import type { TokenService } from '../tokens/service.ts'
import type { Outbox } from '../webhooks/outbox.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import type { Passkeys, RelyingParty } from './passkeys.ts'
import { checkRedirectUrl } from './redirects.ts'
import { openReference, sealReference } from './reference.ts'
import type { HostedScore } from './score.ts'
import { statusBody } from './status.ts'
import type { HostedStore, HostedUser, KeySettings } from './store/types.ts'

/** How long an invite's code works: 30 minutes from register (registering again mints a fresh one). */
export const INVITE_TTL_MS = 30 * 60_000
/** The code's entropy: 192 bits, base64url (32 characters). */
export const CODE_BYTES = 24
/** The redirect's result token is good for this long: enough to land on the customer's page. */
export const RESULT_TOKEN_TTL_S = 600

export type Failure = { ok: false; code: FailureCode; message: string }
const failure = (code: FailureCode, message: string): Failure => ({ ok: false, code, message })

export const hashCode = (code: string) => createHash('sha256').update(code).digest('base64url')

export interface SessionDeps {
  store: HostedStore
  passkeys: Passkeys
  userHasher: () => Promise<UserHasher>
  /** the secret under which unique_human_id and region scopes are keyed */
  secret: () => Promise<Buffer>
  score: HostedScore
  /** the key an invite was made under, as it is now (a revoked key's invites stop working) */
  findKey: (id: string) => Promise<ApiKeyRecord | null>
  /** short-lived tokens (RESULT_TOKEN_TTL_S), verifiable through the JWKS */
  tokens: TokenService
  now: () => number
  inviteTtlMs?: number
  /** the webhook outbox (server/webhooks/): USER_VERIFICATION_COMPLETED goes in with the completion */
  outbox?: Outbox | undefined
  /**
   * told of each completed check, after it is stored (server/trust/: an enrolment may begin); `reference`
   * is the customer's reference_user_id when it could be opened
   */
  onCompleted?: ((user: HostedUser, reference: string | null) => Promise<void>) | undefined
}

export interface Invite {
  user: HostedUser
  key: ApiKeyRecord
  settings: KeySettings
}

export type CompleteInput = {
  code: string
  signals: string
  passkey: PasskeyResponse | undefined
  rp: RelyingParty
}

export function createSessions(deps: SessionDeps) {
  const {
    store,
    passkeys,
    userHasher,
    secret,
    score,
    findKey,
    tokens,
    now,
    inviteTtlMs = INVITE_TTL_MS,
    outbox,
    onCompleted,
  } = deps
  const userIdOf = () => `bcu_${randomBytes(16).toString('base64url')}`
  const keyed = async (...parts: string[]) => {
    const mac = createHmac('sha256', await secret())
    for (const part of parts) mac.update(part).update('\0')
    return mac.digest('base64url').slice(0, 32)
  }
  const refHashOf = async (key: ApiKeyRecord, referenceUserId: string) =>
    (await userHasher())(key.id, normaliseUserId(referenceUserId))

  return {
    async register(
      key: ApiKeyRecord,
      request: RegisterRequest,
    ): Promise<{ ok: true; code: string; user: HostedUser } | Failure> {
      if (request.redirect_url !== undefined) {
        const settings = await store.keySettings(key.id)
        const redirect = checkRedirectUrl(request.redirect_url, settings.redirectOrigins)
        if (!redirect.ok) return failure('INVALID_REQUEST', redirect.message)
      }
      const code = randomBytes(CODE_BYTES).toString('base64url')
      const time = now()
      const user = await store.register({
        userId: userIdOf(),
        keyId: key.id,
        refHash: await refHashOf(key, request.reference_user_id),
        refSealed: sealReference(code, request.reference_user_id),
        regionId: request.uniqueness_region_id ?? null,
        dataRequest: request.data_request.type,
        redirectUrl: request.redirect_url ?? null,
        state: request.state ?? null,
        createdAt: time,
        codeHash: hashCode(code),
        codeExpiresAt: time + inviteTtlMs,
      })
      return { ok: true, code, user }
    },

    async status(
      key: ApiKeyRecord,
      referenceUserId: string,
    ): Promise<{ ok: true; body: GetStatusResponse } | Failure> {
      const user = await store.findByRef(key.id, await refHashOf(key, referenceUserId))
      if (!user) return failure('DOES_NOT_EXIST', 'No user is registered under this reference_user_id')
      return { ok: true, body: statusBody(user) }
    },

    /** The invite behind a code, while it can still be completed. */
    async open(code: string): Promise<{ ok: true; invite: Invite } | Failure> {
      const user = await store.findByCode(hashCode(code))
      if (!user) return failure('DOES_NOT_EXIST', 'This check link is not known: ask for a new one')
      if (user.codeUsedAt !== null) return failure('INVITE_ALREADY_USED', 'This check link was already used')
      if (user.codeExpiresAt <= now())
        return failure('INVITE_EXPIRED', 'This check link has expired: ask for a new one')
      const key = await findKey(user.keyId)
      if (!key || key.revokedAt !== null)
        return failure('DOES_NOT_EXIST', 'This check link is no longer valid')
      return { ok: true, invite: { user, key, settings: await store.keySettings(user.keyId) } }
    },

    async passkeyOptions(code: string, rp: RelyingParty) {
      const opened = await this.open(code)
      if (!opened.ok) return opened
      return { ok: true as const, options: await passkeys.options(opened.invite.user.codeHash, rp) }
    },

    async complete({
      code,
      signals,
      passkey,
      rp,
    }: CompleteInput): Promise<
      { ok: true; redirect: string | null; humannessScore: number; user: HostedUser } | Failure
    > {
      const opened = await this.open(code)
      if (!opened.ok) return opened
      const { user, key } = opened.invite
      const sandbox = key.mode === 'test'
      let uniqueHumanId: string | null = null
      let claim: { scope: string; uniqueHumanId: string } | null = null
      if (user.dataRequest === 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID') {
        if (!passkey) return failure('INVALID_REQUEST', 'Missing required field: passkey')
        const checked = await passkeys.check(user.codeHash, rp, passkey)
        if (!checked.ok) return failure('INVALID_REQUEST', `Invalid field: passkey: ${checked.message}`)
        // scoped to the key, or to the region when one was given: unlinkable across keys and regions
        uniqueHumanId = `uh_${await keyed('unique-human-id', user.keyId, user.regionId ?? '', checked.credentialId)}`
        // the region rule, in the given region or, without one, in the key's one default region ('' is no
        // region id a customer can send: they are at least one character)
        claim = { scope: await keyed('region', user.keyId, user.regionId ?? ''), uniqueHumanId }
      }
      const time = now()
      const reference = user.refSealed === null ? null : openReference(code, user.refSealed)
      const scored = await score({ encoded: signals, user, reference, sandbox, now: time })
      if (!scored.ok) return failure('INVALID_REQUEST', `Invalid field: signals: ${scored.message}`)
      const humannessScore = Math.max(0, Math.min(100, Math.round(scored.confidence * 100)))
      const result = {
        humannessScore,
        fulfillmentTimeS: Math.max(0, Math.round((time - user.createdAt) / 1000)),
        uniqueHumanId,
        completedAt: time,
      }
      // the webhook, prepared (sealed) before the transaction it is written in
      const { status: _status, ...data } = statusBody({ ...user, result })
      const event =
        outbox && reference !== null
          ? await outbox.prepare('USER_VERIFICATION_COMPLETED', user.keyId, {
              ...data,
              reference_user_id: reference,
            })
          : null
      const done = await store.complete({ codeHash: user.codeHash, now: time, claim, result, event })
      if (done.ok && event) outbox?.kick()
      if (!done.ok) return failure(done.why, COMPLETION_MESSAGES[done.why])
      // the check is stored whatever the listener does: a failure there is settled on the user's next read
      if (onCompleted) await onCompleted(done.user, reference).catch(() => {})
      return {
        ok: true,
        redirect: await redirectOf(done.user, scored.confidence, sandbox),
        humannessScore,
        user: done.user,
      }
    },
  }

  async function redirectOf(user: HostedUser, confidence: number, sandbox: boolean): Promise<string | null> {
    if (user.redirectUrl === null) return null
    // as verify signs a verdict: rounded once, and a person at the same threshold
    const rounded = roundConfidence(confidence)
    const token = await tokens.sign({
      human: rounded >= HUMAN_THRESHOLD,
      confidence: rounded,
      keyId: user.keyId,
      action: 'hosted_check',
      userHash: user.refHash,
      sandbox,
    })
    const url = new URL(user.redirectUrl)
    url.searchParams.set('user_id', user.userId)
    if (user.state !== null) url.searchParams.set('state', user.state)
    url.searchParams.set('token', token)
    return url.href
  }
}

export type Sessions = ReturnType<typeof createSessions>

const COMPLETION_MESSAGES = {
  DOES_NOT_EXIST: 'This check link is not known: ask for a new one',
  INVITE_EXPIRED: 'This check link has expired: ask for a new one',
  INVITE_ALREADY_USED: 'This check link was already used',
  ALREADY_VERIFIED_IN_REGION: 'This passkey already completed a check in this region',
} as const
