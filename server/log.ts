/**
 * Structured logs, one JSON object a line. Callers pass only operational fields: never a key, a
 * user id, a token or a signals payload (test/privacy.test.ts searches the output for them).
 */
export type LogFields = Record<string, string | number | boolean | null>

export interface Logger {
  info(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

/**
 * Lines are gathered and written once per turn of the event loop: under load that is one write for
 * many requests instead of one each (a write to a pipe or a file is a synchronous system call in
 * Node). Whatever is still gathered is written when the process exits.
 */
export function createLogger(
  write: (lines: string) => void = (lines) => process.stdout.write(lines),
): Logger {
  let pending = ''
  const flush = () => {
    const lines = pending
    pending = ''
    if (lines !== '') write(lines)
  }
  process.on('exit', flush)
  const emit = (level: string, msg: string, fields?: LogFields) => {
    if (pending === '') setImmediate(flush)
    pending += JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n'
  }
  return {
    info: (msg, fields) => emit('info', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  }
}

export const silentLogger: Logger = { info: () => {}, error: () => {} }
