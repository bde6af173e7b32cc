/**
 * The customer's reference_user_id, kept for the completion's webhook only, sealed under the invite's own
 * one-time code (AES-256-GCM, the key derived from the code with HKDF). The code itself is stored only as
 * a hash, so at rest nothing on disk or in Redis reads back as the reference id: it opens only when the
 * person presents the code at completion, goes into the webhook's body (sealed again by the outbox), and
 * is then erased from the user's record. Lookups use the keyed hash (server/user-hash.ts), never this.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const keyOf = (code: string) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(code), Buffer.alloc(0), 'huma hosted reference', 32))

export function sealReference(code: string, reference: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(code), iv)
  const body = Buffer.concat([cipher.update(reference, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

/** Null when the code does not open it (another code's, or damaged). */
export function openReference(code: string, sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', keyOf(code), bytes.subarray(0, 12))
    decipher.setAuthTag(bytes.subarray(12, 28))
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
