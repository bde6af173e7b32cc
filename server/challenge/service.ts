/**
 * Proof of work: a short-lived signed challenge the snippet fetches from this server (`GET /challenge`)
 * and solves in the browser, so each payload costs its sender some hashing and can be used once. It
 * prices an attempt; it does not prove a person (a bot solves it as well as a browser does).
 *
 * A challenge is `<expires, s>.<bits>.<nonce>.<mac>`, the MAC an HMAC-SHA-256 under a server secret: the
 * server keeps nothing until it is spent. Its solution is a whole number n such that SHA-256 of
 * `<challenge>:<n>` starts with `bits` zero bits (2^bits tries on average). Spent challenges are remembered
 * in the store (`pow:<nonce>`, until they expire), so each is accepted once, atomically on both stores.
 * A key may have a difficulty of its own (challenge/store.ts): its pages ask for a challenge naming the
 * key's id (`GET /challenge?site=<key id>`), and verify under that key refuses an easier one.
 * Domain code: results, not HTTP.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { constantTimeEqual } from '../secrets/compare.ts'
import type { DigestStore } from '../replay/store.ts'
import type { SecretStore } from '../secrets/store.ts'
import type { ChallengeBitsStore } from './store.ts'

/** How long a challenge may be solved and spent; the snippet fetches a new one before then. */
export const CHALLENGE_TTL_MS = 10 * 60_000
/** Leading zero bits by default: about 4,000 SHA-256 on average (measured in SECURITY.md). */
export const DEFAULT_CHALLENGE_BITS = 12
export const MAX_CHALLENGE_BITS = 24

export interface Challenge {
  /** the challenge string, sent back with its solution */
  c: string
  /** leading zero bits the solution's hash must have */
  b: number
}

export type ChallengeFailure = 'MALFORMED' | 'FORGED' | 'STALE' | 'TOO_EASY' | 'UNSOLVED' | 'REUSED'
/** How long a key's own difficulty is kept in memory: a change reaches every instance within this. */
export const KEY_BITS_CACHE_MS = 10_000
export type ChallengeCheck = { ok: true } | { ok: false; why: ChallengeFailure }

/** Leading zero bits of a hash. */
export function zeroBits(hash: Uint8Array): number {
  let bits = 0
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8
      continue
    }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

/** Whether `n` solves `challenge` at `bits`. */
export function solves(challenge: string, n: number, bits: number): boolean {
  return zeroBits(createHash('sha256').update(`${challenge}:${n}`).digest()) >= bits
}

const SHAPE = /^(\d{1,12})\.(\d{1,2})\.([\w-]{22})\.([\w-]{22})$/

export function createChallenges(
  store: Pick<SecretStore, 'secret'> & Pick<DigestStore, 'sightDigest'>,
  {
    bits = DEFAULT_CHALLENGE_BITS,
    ttlMs = CHALLENGE_TTL_MS,
    keyBits,
  }: { bits?: number; ttlMs?: number; keyBits?: ChallengeBitsStore } = {},
) {
  let secret: Promise<Buffer> | null = null
  const key = () =>
    (secret ??= store
      .secret('challenge', () => randomBytes(32).toString('hex'))
      .then((hex) => Buffer.from(hex, 'hex')))
  const mac = async (body: string) =>
    createHmac('sha256', await key())
      .update(body)
      .digest('base64url')
      .slice(0, 22)

  const cached = new Map<string, { bits: number; until: number }>()
  /** The difficulty for pages of `keyId` (the server's when it has none of its own, or no key is named). */
  const bitsFor = async (keyId: string | undefined, now: number): Promise<number> => {
    if (!keyId || !keyBits) return bits
    const hit = cached.get(keyId)
    if (hit && hit.until > now) return hit.bits
    const own = (await keyBits.bits(keyId)) ?? bits
    if (cached.size >= 10_000) cached.clear()
    cached.set(keyId, { bits: own, until: now + KEY_BITS_CACHE_MS })
    return own
  }

  return {
    bits,
    bitsFor,
    async issue(now: number, keyId?: string): Promise<Challenge> {
      const b = await bitsFor(keyId, now)
      const body = `${Math.ceil((now + ttlMs) / 1000)}.${b}.${randomBytes(16).toString('base64url')}`
      return { c: `${body}.${await mac(body)}`, b }
    },

    /**
     * Checks a challenge and its solution and spends it. `sender` tags the spend, so the same sender
     * presenting it again (a double submit) is told apart from another (REUSED). Under `keyId`, a challenge
     * easier than that key's difficulty is TOO_EASY.
     */
    async check(c: string, n: number, sender: string, now: number, keyId?: string): Promise<ChallengeCheck> {
      const parts = SHAPE.exec(c)
      if (!parts || !Number.isSafeInteger(n) || n < 0) return { ok: false, why: 'MALFORMED' }
      const [, expires, needed, nonce, tag] = parts
      const body = `${expires}.${needed}.${nonce}`
      // in constant time: a comparison that stops at the first difference would let a MAC be guessed
      // a character at a time
      if (!constantTimeEqual(await mac(body), tag!)) return { ok: false, why: 'FORGED' }
      const expiresAt = Number(expires) * 1000
      if (expiresAt <= now) return { ok: false, why: 'STALE' }
      if (Number(needed) < (await bitsFor(keyId, now))) return { ok: false, why: 'TOO_EASY' }
      if (!solves(c, n, Number(needed))) return { ok: false, why: 'UNSOLVED' }
      const first = await store.sightDigest(`pow:${nonce}`, sender, expiresAt - now, now)
      return first === null || first.sender === sender ? { ok: true } : { ok: false, why: 'REUSED' }
    },
  }
}

export type Challenges = ReturnType<typeof createChallenges>
