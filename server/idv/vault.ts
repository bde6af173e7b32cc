/**
 * The uploaded files, encrypted: `<dataDir>/idv/files/<check id>/<blob>` holds iv | ciphertext | tag
 * (AES-256-GCM), the folders 0700 and the files 0600. Files are encrypted as they are copied in and
 * decrypted as they are streamed out; the tag is checked before the last byte leaves.
 */
import { createDecipheriv, createCipheriv, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { open, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../private-files.ts'
import { IV_BYTES, TAG_BYTES } from './crypto.ts'

const CHECK_ID = /^idv_[0-9A-Za-z]{10,40}$/
const BLOB = /^[a-z]{2,10}$/

export interface Vault {
  readonly dir: string
  put(checkId: string, blob: string, source: string | Uint8Array): Promise<void>
  /** the decrypted file, or null when it is gone */
  read(checkId: string, blob: string): Promise<Readable | null>
  remove(checkId: string): Promise<void>
}

/** `key` gives the 32-byte AES key (from the store's secrets, so it is asked for, not held). */
export function createVault(dataDir: string, key: () => Promise<Buffer>): Vault {
  const dir = join(dataDir, 'idv', 'files')
  const pathOf = (checkId: string, blob: string) => {
    if (!CHECK_ID.test(checkId) || !BLOB.test(blob)) throw new Error('bad vault path')
    return join(dir, checkId, blob)
  }
  return {
    dir,
    async put(checkId, blob, source) {
      makePrivateDir(join(dir, checkId))
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', await key(), iv)
      const out = createWriteStream(pathOf(checkId, blob), { mode: PRIVATE_FILE_MODE })
      out.write(iv)
      const input = typeof source === 'string' ? createReadStream(source) : Readable.from([source])
      await pipeline(input, cipher, out, { end: false })
      await new Promise<void>((resolve, reject) =>
        out.end(cipher.getAuthTag(), () => resolve()).on('error', reject),
      )
    },
    async read(checkId, blob) {
      const path = pathOf(checkId, blob)
      let size: number
      try {
        size = (await stat(path)).size
      } catch {
        return null
      }
      if (size < IV_BYTES + TAG_BYTES) return null
      const handle = await open(path, 'r')
      const head = Buffer.alloc(IV_BYTES)
      const tag = Buffer.alloc(TAG_BYTES)
      try {
        await handle.read(head, 0, IV_BYTES, 0)
        await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES)
      } finally {
        await handle.close()
      }
      const decipher = createDecipheriv('aes-256-gcm', await key(), head)
      decipher.setAuthTag(tag)
      const body = createReadStream(path, { start: IV_BYTES, end: size - TAG_BYTES - 1 })
      body.on('error', (error) => decipher.destroy(error))
      return body.pipe(decipher)
    },
    async remove(checkId) {
      if (!CHECK_ID.test(checkId)) return
      await rm(join(dir, checkId), { recursive: true, force: true })
    },
  }
}
