/**
 * At rest, an identity check is ciphertext: its files and its contact data are sealed with AES-256-GCM
 * under a key kept in the store's secrets (`idv-files`), so a copy of the data dir or of the uploads
 * folder alone shows nothing about a person. The file URLs are signed with a second secret.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'
import { constantTimeEqual } from '../secrets/compare.ts'
import type { Store } from '../store/types.ts'

export interface IdvKeys {
  /** 32 bytes: AES-256-GCM for files and contact data */
  seal: Buffer
  /** 32 bytes: HMAC-SHA256 for file URLs */
  sign: Buffer
}

export async function loadIdvKeys(store: Store): Promise<IdvKeys> {
  const make = () => randomBytes(32).toString('hex')
  const [seal, sign] = await Promise.all([store.secret('idv-files', make), store.secret('idv-urls', make)])
  return { seal: Buffer.from(seal, 'hex'), sign: Buffer.from(sign, 'hex') }
}

export const IV_BYTES = 12
export const TAG_BYTES = 16

/** iv | ciphertext | tag, base64url: for small values (contact data). */
export function seal(key: Buffer, text: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')
}

export function unseal(key: Buffer, sealed: string): string | null {
  const all = Buffer.from(sealed, 'base64url')
  if (all.length < IV_BYTES + TAG_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, all.subarray(0, IV_BYTES))
    decipher.setAuthTag(all.subarray(all.length - TAG_BYTES))
    return Buffer.concat([
      decipher.update(all.subarray(IV_BYTES, all.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    return null
  }
}

export function signUrl(key: Buffer, path: string, expiresS: number): string {
  return createHmac('sha256', key).update(`${path}\n${expiresS}`).digest('base64url').slice(0, 43)
}

export function urlSignatureValid(key: Buffer, path: string, expiresS: number, signature: string): boolean {
  return constantTimeEqual(signUrl(key, path, expiresS), signature)
}

/** A one-time page session's token (48 hex digits) is kept only as its SHA-256. */
export const SESSION_TOKEN = /^[0-9a-f]{48}$/
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')
