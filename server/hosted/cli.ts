/** The hosted check's CLI commands: a key's allowed redirect origins and the check page's theme. */
// commands.ts spreads HOSTED_COMMANDS into its map; UsageError is only used when a command runs
import { UsageError, type Command, type RunValues } from '../cli/commands.ts'
import type { Store } from '../store/types.ts'
import { openHostedStore } from './store/index.ts'
import { checkOrigins, checkTheme } from './theme.ts'
import type { HostedStore, KeySettings } from './store/types.ts'

const out = (text: string): void => void process.stdout.write(text + '\n')

function slice(store: Store): HostedStore {
  const hosted = openHostedStore(store)
  if (!hosted) throw new Error('this store cannot hold the hosted check')
  return hosted
}

/** Origins as given (each checked: https, or http on loopback, and nothing but an origin). */
export function parseOrigins(texts: readonly string[]): string[] {
  const checked = checkOrigins(texts)
  if (!checked.ok) throw new UsageError(checked.message)
  return checked.value
}

export async function setRedirectOrigins(store: Store, keyId: string, origins: string[]): Promise<void> {
  await slice(store).setKeySettings(keyId, { redirectOrigins: [...new Set(origins)] })
}

function themeOf(values: RunValues): Partial<KeySettings> {
  const { name, 'logo-url': logo, accent } = values
  const checked = checkTheme({
    name: typeof name === 'string' ? name : undefined,
    logoUrl: typeof logo === 'string' ? logo : undefined,
    accent: typeof accent === 'string' ? accent : undefined,
  })
  if (!checked.ok)
    throw new UsageError(`--${checked.field === 'logoUrl' ? 'logo-url' : 'accent'} ${checked.message}`)
  return checked.value
}

export const HOSTED_COMMANDS = {
  'keys redirect-origins': {
    summary:
      'keys redirect-origins <id> [<origin>...]    where the hosted check may send people back (none: loopback only)',
    options: { json: { type: 'boolean' } },
    async run(ctx) {
      const [id, ...texts] = ctx.positionals
      if (id === undefined) throw new UsageError('missing key id')
      if (!(await ctx.store.findKeyById(id))) throw new Error(`no key ${id}`)
      const origins = parseOrigins(texts)
      await setRedirectOrigins(ctx.store, id, origins)
      if (ctx.values.json) return out(JSON.stringify({ id, redirect_origins: origins }))
      out(
        origins.length
          ? `${id} may redirect to ${origins.join(', ')}.`
          : `${id} has no redirect origins: only loopback addresses are accepted.`,
      )
    },
  },
  'keys theme': {
    summary:
      "keys theme <id> [--name N] [--logo-url data:...|/path] [--accent #rrggbb]   the check page's look",
    options: { name: { type: 'string' }, 'logo-url': { type: 'string' }, accent: { type: 'string' } },
    async run(ctx) {
      const id = ctx.positionals[0]
      if (id === undefined) throw new UsageError('missing key id')
      if (!(await ctx.store.findKeyById(id))) throw new Error(`no key ${id}`)
      const settings = await slice(ctx.store).setKeySettings(id, themeOf(ctx.values))
      out(
        `${id}: name ${settings.name ?? '(none)'}, logo ${settings.logoUrl ? 'set' : '(none)'}, accent ${settings.accent ?? '(default)'}.`,
      )
    },
  },
} satisfies Record<string, Command>
