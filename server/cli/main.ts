/** `npm run huma -- <command>` / `huma <command>`: the admin CLI. Reads the same env as the server. */
import { parseArgs } from 'node:util'
import { readConfig } from '../config.ts'
import { openStore } from '../store/index.ts'
import { COMMANDS, UsageError, usage, type RunValues } from './commands.ts'

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv
  const sub = group === 'keys' || group === 'signing' ? rest[0] : undefined
  const name = sub ? `${group} ${sub}` : (group ?? 'help')
  const command = COMMANDS[name as keyof typeof COMMANDS]
  if (!command || name === 'help') {
    process.stdout.write(usage())
    return name === 'help' || group === '--help' ? 0 : 2
  }
  const args = sub ? rest.slice(1) : rest
  let parsed
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const config = readConfig()
  const store = openStore(config.store)
  try {
    await command.run({
      store,
      plans: config.plans,
      values: parsed.values as RunValues,
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
