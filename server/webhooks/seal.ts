/**
 * Event bodies carry the customer's own user id (reference_user_id), so they never rest in the clear:
 * the outbox keeps them sealed with AES-256-GCM under a key of the store's secrets (the same protection
 * as the keyed user hashes), and the worker opens them just before an attempt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Store } from '../store/types.ts'

export const SEAL_SECRET_NAME = 'webhook-body-key'

export interface Sealer {
  seal(plain: string): string
  /** null when the text was not sealed under this key (or was altered) */
  open(sealed: string): string | null
}

export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('the webhook body key must be 32 bytes')
  return {
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`
    },
    open(sealed) {
      if (!sealed.startsWith('v1.')) return null
      const raw = Buffer.from(sealed.slice(3), 'base64url')
      if (raw.length < 28) return null
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
        decipher.setAuthTag(raw.subarray(12, 28))
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
      } catch {
        return null
      }
    },
  }
}

/** The sealer under the store's one webhook body key (created on first use, shared by every instance). */
export async function storeSealer(store: Store): Promise<Sealer> {
  const key = await store.secret(SEAL_SECRET_NAME, () => randomBytes(32).toString('base64url'))
  return createSealer(Buffer.from(key, 'base64url'))
}
