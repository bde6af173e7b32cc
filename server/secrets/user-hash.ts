/**
 * The only form in which a userId is ever kept or sent on: an HMAC under a server secret, scoped to
 * the API key, so the same person is unlinkable across customers and the hash cannot be reversed
 * by hashing guesses without the secret.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { SecretStore } from './store.ts'

export type UserHasher = (keyId: string, userId: string) => string

export async function createUserHasher(store: Pick<SecretStore, 'secret'>): Promise<UserHasher> {
  const secret = Buffer.from(await store.secret('user-hash', () => randomBytes(32).toString('hex')), 'hex')
  return (keyId, userId) =>
    createHmac('sha256', secret).update(keyId).update('\0').update(userId).digest('base64url').slice(0, 22)
}
