/** API keys: generation, hashing and constant-time comparison. The key itself is never stored. */
import { createHash, randomInt } from 'node:crypto'
import { KEY_BODY_LENGTH, type KeyMode } from '../../shared/keys.ts'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

export function randomBase62(length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)]
  return out
}

export function generateKey(mode: KeyMode): string {
  return `huma_${mode}_${randomBase62(KEY_BODY_LENGTH)}`
}

export function generateKeyId(): string {
  return `key_${randomBase62(16)}`
}

/** Keys carry 190 bits of randomness, so a plain SHA-256 is enough to make the stored hash useless. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}
