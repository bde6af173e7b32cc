/** `npm run huma -- <command>` / `huma <command>`: the admin CLI. Reads the same env as the server. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { readConfig } from '../config.ts'
import { describeStore, localDataDir, openStore } from '../store/index.ts'
import { COMMANDS, UsageError, usage, type Command, type RunValues } from './commands.ts'

const GROUPS = ['keys', 'signing', 'webhooks', 'admin', 'idv', 'stamps']

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') {
    process.stdout.write(usage())
    return 0
  }
  // the longest run of words that names a command: `keys create`, `admin token create`, `usage`
  const words = Array.from({ length: Math.min(3, argv.length) }, (_, i) => argv.slice(0, i + 1).join(' '))
  const name = words.reverse().find((w) => Object.hasOwn(COMMANDS, w)) ?? argv.slice(0, 2).join(' ')
  const command: Command | undefined = Object.hasOwn(COMMANDS, name)
    ? COMMANDS[name as keyof typeof COMMANDS]
    : undefined
  if (!command) {
    throw new UsageError(
      GROUPS.includes(group) && rest.length === 0
        ? `"${group}" needs a command`
        : `unknown command "${name}"`,
    )
  }
  const args = argv.slice(name.split(' ').length)
  let parsed
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const values = parsed.values as RunValues
  // a command that reads another server (huma stamps verify-log --url) needs no store of its own
  if (command.remote?.(values) && command.runRemote) {
    await command.runRemote({ values, positionals: parsed.positionals, now: Date.now() })
    return 0
  }
  const config = readConfig()
  // Said on stderr, so --json output stays one JSON value.
  process.stderr.write(`huma: ${describeStore(config.store)}\n`)
  const files = localDataDir(config.store)
  if (!command.createsStore && files !== null && !existsSync(join(files, 'huma.sqlite'))) {
    throw new Error(
      `no Huma data in ${config.store.dataDir}: start the server once (npm start), or set ` +
        'HUMA_DATA_DIR to the folder the server uses',
    )
  }
  const store = openStore(config.store)
  try {
    await command.run({
      store,
      plans: config.plans,
      values,
      positionals: parsed.positionals,
      now: Date.now(),
    })
    return 0
  } finally {
    await store.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`huma: ${(error as Error).message}\n`)
    if (error instanceof UsageError) process.stderr.write(usage())
    process.exit(error instanceof UsageError ? 2 : 1)
  },
)
