/**
 * Audit tokens: Ed25519-signed JWTs (alg EdDSA only) that say what was decided, for whom (as a keyed
 * hash) and under which key. Self-contained: the server keeps no table of tokens. The public keys are
 * served as a JWKS; rotating adds a key that signs from then on while older keys keep verifying.
 */
import { createPrivateKey, randomBytes, sign as edSign, type JsonWebKey, type KeyObject } from 'node:crypto'
import {
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose'
import type { TokenClaims } from '../../shared/api.ts'
import type { SecretStore } from '../secrets/store.ts'

export const TOKEN_ISSUER = 'huma'
export const TOKEN_TYPE = 'huma-audit+jwt'
export const TOKEN_ALG = 'EdDSA'
/** Signing keys are re-read this often, so a rotation by the CLI reaches running servers. */
const KEY_REFRESH_MS = 60_000

export interface Decision {
  human: boolean
  confidence: number
  keyId: string
  action: string | null
  userHash: string
  sandbox: boolean
}

/** base64url of a JSON value: one part of a compact JWS */
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

/**
 * Whether `token` is the one string this server would have written: three unpadded base64url parts,
 * each the exact encoding of its bytes. A decoder ignores the spare bits of a part's last character,
 * padding and (some) whitespace, so without this one token would verify under several strings.
 */
export function isCanonicalToken(token: string): boolean {
  if (!COMPACT_JWS.test(token)) return false
  return token.split('.').every((part) => Buffer.from(part, 'base64url').toString('base64url') === part)
}

export type TokenCheck =
  | { valid: true; claims: TokenClaims; userHash: string }
  | { valid: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'UNKNOWN_SIGNING_KEY' | 'EXPIRED' }

interface LoadedKey {
  kid: string
  /** signs, synchronously: node's Ed25519 is several times faster than the async WebCrypto path */
  signingKey: KeyObject
  /** the encoded protected header, the same for every token this key signs */
  header: string
  publicKey: CryptoKey
  publicJwk: JWK
}

/** A JWS of another kind than audit tokens (content stamps, the stamp log's head), checked. */
export type JwsCheck =
  | { valid: true; payload: JWTPayload; kid: string }
  | { valid: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'UNKNOWN_SIGNING_KEY' }

export interface TokenService {
  sign(decision: Decision): Promise<string>
  check(token: string): Promise<TokenCheck>
  jwks(): Promise<{ keys: JWK[] }>
  /**
   * Signs `payload` under the newest key as a compact JWS whose header `typ` is `typ`: another kind of
   * statement under the same keys and JWKS. A JWS of one `typ` never checks as another (nor as an audit
   * token, whose check wants TOKEN_TYPE).
   */
  signJws(typ: string, payload: Record<string, unknown>): Promise<string>
  /** checks a JWS of `typ` signed by one of this server's keys; no expiry */
  checkJws(token: string, typ: string): Promise<JwsCheck>
}

/**
 * Why jose refused a token: a signature that does not match, a kid no key of ours has, or anything else
 * jose rejects (a bad claim, a malformed part). Not jose's: rethrown (a store failure stays a 503).
 */
function rejection(error: unknown): 'BAD_SIGNATURE' | 'UNKNOWN_SIGNING_KEY' | 'MALFORMED' {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'BAD_SIGNATURE'
  if (error instanceof errors.JWKSNoMatchingKey) return 'UNKNOWN_SIGNING_KEY'
  if (error instanceof errors.JOSEError || error instanceof TypeError) return 'MALFORMED'
  throw error
}

/** Adds a signing key that signs from now on: its createdAt is strictly after every older key's. */
export async function createSigningKey(store: SecretStore, now: number): Promise<string> {
  const { privateKey } = await generateKeyPair(TOKEN_ALG, { crv: 'Ed25519', extractable: true })
  const kid = randomBytes(8).toString('hex')
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALG, use: 'sig' }
  const newest = (await store.signingKeys()).at(-1)
  const createdAt = newest ? Math.max(now, newest.createdAt + 1) : now
  await store.addSigningKey({ kid, privateJwk: JSON.stringify(jwk), createdAt })
  return kid
}

export function createTokenService(
  store: SecretStore,
  options: { now: () => number; ttlDays: number },
): TokenService {
  let keys: Promise<LoadedKey[]> | null = null
  let loadedAt = 0

  const load = async (): Promise<LoadedKey[]> => {
    let records = await store.signingKeys()
    if (records.length === 0) {
      await createSigningKey(store, options.now())
      records = await store.signingKeys()
    }
    return Promise.all(
      records.map(async (record) => {
        const privateJwk = JSON.parse(record.privateJwk) as JWK
        const { d: _private, ...publicJwk } = privateJwk
        const signingKey = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' })
        const publicKey = (await importJWK(publicJwk, TOKEN_ALG)) as CryptoKey
        const header = encode({ alg: TOKEN_ALG, kid: record.kid, typ: TOKEN_TYPE })
        return { kid: record.kid, signingKey, header, publicKey, publicJwk }
      }),
    )
  }

  const current = (forceReload = false): Promise<LoadedKey[]> => {
    const stale = options.now() - loadedAt > KEY_REFRESH_MS
    if (!keys || stale || forceReload) {
      loadedAt = options.now()
      const loading = load()
      loading.catch(() => {
        if (keys === loading) keys = null
      })
      keys = loading
    }
    return keys
  }

  const findKeyOf =
    (typ: string) =>
    async (header: JWTHeaderParameters): Promise<CryptoKey> => {
      if (header.alg !== TOKEN_ALG || header.typ !== typ)
        throw new errors.JOSEAlgNotAllowed('not a Huma token')
      const match = (list: LoadedKey[]) => list.find((k) => k.kid === header.kid)
      const found = match(await current()) ?? match(await current(true))
      if (!found) throw new errors.JWKSNoMatchingKey()
      return found.publicKey
    }
  const findKey = findKeyOf(TOKEN_TYPE)

  return {
    async sign(decision) {
      const list = await current()
      const signer = list[list.length - 1]!
      const issued = Math.floor(options.now() / 1000)
      const payload = encode({
        human: decision.human,
        confidence: decision.confidence,
        key: decision.keyId,
        action: decision.action,
        uh: decision.userHash,
        ...(decision.sandbox ? { sandbox: true } : {}),
        iss: TOKEN_ISSUER,
        iat: issued,
        exp: issued + options.ttlDays * 86_400,
      })
      const input = `${signer.header}.${payload}`
      return `${input}.${edSign(null, Buffer.from(input), signer.signingKey).toString('base64url')}`
    },

    async check(token) {
      if (!isCanonicalToken(token)) return { valid: false, reason: 'MALFORMED' }
      try {
        const { payload } = await jwtVerify(token, findKey, {
          algorithms: [TOKEN_ALG],
          issuer: TOKEN_ISSUER,
          typ: TOKEN_TYPE,
          currentDate: new Date(options.now()),
          requiredClaims: ['iat', 'exp'],
        })
        const { human, confidence, key, action, uh, sandbox } = payload
        const issuedAt = isoDate(payload.iat)
        const expiresAt = isoDate(payload.exp)
        if (
          typeof human !== 'boolean' ||
          typeof confidence !== 'number' ||
          typeof key !== 'string' ||
          (action !== null && typeof action !== 'string') ||
          typeof uh !== 'string' ||
          issuedAt === null ||
          expiresAt === null
        ) {
          return { valid: false, reason: 'MALFORMED' }
        }
        return {
          valid: true,
          userHash: uh,
          claims: {
            human,
            confidence,
            key_id: key,
            sandbox: sandbox === true,
            action: action as string | null,
            issued_at: issuedAt,
            expires_at: expiresAt,
          },
        }
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { valid: false, reason: 'EXPIRED' }
        return { valid: false, reason: rejection(error) }
      }
    },

    async signJws(typ, payload) {
      const list = await current()
      const signer = list[list.length - 1]!
      const input = `${encode({ alg: TOKEN_ALG, kid: signer.kid, typ })}.${encode(payload)}`
      return `${input}.${edSign(null, Buffer.from(input), signer.signingKey).toString('base64url')}`
    },

    async checkJws(token, typ) {
      if (!isCanonicalToken(token)) return { valid: false, reason: 'MALFORMED' }
      try {
        const { payload, protectedHeader } = await jwtVerify(token, findKeyOf(typ), {
          algorithms: [TOKEN_ALG],
          issuer: TOKEN_ISSUER,
          typ,
          currentDate: new Date(options.now()),
        })
        return { valid: true, payload, kid: String(protectedHeader.kid) }
      } catch (error) {
        return { valid: false, reason: rejection(error) }
      }
    },

    async jwks() {
      return { keys: (await current()).map((k) => k.publicJwk) }
    },
  }
}

/** A JWT time (seconds) as an ISO date; null when it is outside what a Date can hold. */
function isoDate(seconds: number | undefined): string | null {
  const date = new Date((seconds ?? NaN) * 1000)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
