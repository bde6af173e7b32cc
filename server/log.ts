/**
 * Structured logs, one JSON object a line. Callers pass only operational fields: never a key, a
 * user id, a token or a signals payload (test/privacy.test.ts searches the output for them).
 */
export type LogFields = Record<string, string | number | boolean | null>

export interface Logger {
  info(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

export function createLogger(
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Logger {
  const emit = (level: string, msg: string, fields?: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }))
  return {
    info: (msg, fields) => emit('info', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  }
}

export const silentLogger: Logger = { info: () => {}, error: () => {} }
