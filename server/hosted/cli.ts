/** The hosted check's CLI commands: a key's allowed redirect origins and the check page's theme. */
// commands.ts spreads HOSTED_COMMANDS into its map; UsageError is only used when a command runs
import { UsageError, type Command, type RunValues } from '../cli/commands.ts'
import type { Store } from '../store/types.ts'
import { parseOrigin } from './redirects.ts'
import { openHostedStore } from './store/index.ts'
import type { HostedStore, KeySettings } from './store/types.ts'

const out = (text: string): void => void process.stdout.write(text + '\n')

function slice(store: Store): HostedStore {
  const hosted = openHostedStore(store)
  if (!hosted) throw new Error('this store cannot hold the hosted check')
  return hosted
}

/** Origins as given (each checked: https, or http on loopback, and nothing but an origin). */
export function parseOrigins(texts: readonly string[]): string[] {
  return texts.map((text) => {
    const parsed = parseOrigin(text)
    if (!parsed.ok) throw new UsageError(parsed.message)
    return parsed.origin
  })
}

export async function setRedirectOrigins(store: Store, keyId: string, origins: string[]): Promise<void> {
  await slice(store).setKeySettings(keyId, { redirectOrigins: [...new Set(origins)] })
}

const COLOUR = /^#[0-9a-fA-F]{6}$/
/** The page loads nothing from another origin: a logo is a data: URL or a path on this server. */
const LOGO = /^(data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+|\/[^\s"'<>]*)$/
const MAX_LOGO_LENGTH = 48 * 1024

function themeOf(values: RunValues): Partial<KeySettings> {
  const theme: Partial<KeySettings> = {}
  const { name, 'logo-url': logo, accent } = values
  if (typeof name === 'string') theme.name = name.slice(0, 80) || null
  if (typeof logo === 'string') {
    if (logo !== '' && (!LOGO.test(logo) || logo.length > MAX_LOGO_LENGTH))
      throw new UsageError(
        '--logo-url must be a data:image/...;base64 URL (at most 48 KB) or a path on this server: the check page loads nothing from other origins',
      )
    theme.logoUrl = logo || null
  }
  if (typeof accent === 'string') {
    if (accent !== '' && !COLOUR.test(accent)) throw new UsageError('--accent must be a colour as #rrggbb')
    theme.accent = accent || null
  }
  return theme
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
