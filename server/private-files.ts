/**
 * The data dir holds the token signing keys and the userId secret: whoever reads it can mint tokens.
 * Huma makes what it creates private to its own user (the dir 0700, its files 0600) and says so, once,
 * at start when what it finds is looser.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Creates `dir` (and its parents) readable by this user only; an existing dir is left as it is. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/** Creates `file` empty when it does not exist, and makes it (new or old) this user's only. */
export function makePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  chmodSync(file, PRIVATE_FILE_MODE)
}

/** Writes `text` to `file`, readable by this user only (also when the file was there before). */
export function writePrivateFile(file: string, text: string): void {
  writeFileSync(file, text, { mode: PRIVATE_FILE_MODE })
  chmodSync(file, PRIVATE_FILE_MODE)
}

/** The mode bits that give a group or others any access to `path`, or 0 (also when it does not exist). */
export function openToOthers(path: string): number {
  try {
    return statSync(path).mode & 0o077
  } catch {
    return 0
  }
}
