/** The CLI's commands for a key's scopes and allowed browser origins (commands.ts spreads them in). */
import { parseScopes, SCOPES } from '../../shared/keys.ts'
import { UsageError, type Command } from '../cli/commands.ts'
import { parseAllowedOrigins } from './access.ts'

const out = (text: string): void => void process.stdout.write(text + '\n')

/** `--scopes verify,stamp` (or repeated): the scopes, or a UsageError naming the bad one. */
export function scopesOption(texts: readonly string[]) {
  const parsed = parseScopes(texts)
  if (!parsed.ok) throw new UsageError(parsed.message)
  return parsed.value
}

/** `--origins https://a.example,https://b.example` (or repeated): the origins, or a UsageError naming the bad one. */
export function originsOption(texts: readonly string[]) {
  const parsed = parseAllowedOrigins(texts)
  if (!parsed.ok) throw new UsageError(parsed.message)
  return parsed.value
}

export const describeOrigins = (origins: readonly string[]) =>
  origins.length ? origins.join(', ') : 'any origin'

export const KEY_ACCESS_COMMANDS = {
  'keys scopes': {
    summary: `keys scopes <id> <scope>... [--json]    what the key may be used for: ${SCOPES.join(', ')}`,
    options: { json: { type: 'boolean' } },
    async run(ctx) {
      const [id, ...texts] = ctx.positionals
      if (id === undefined) throw new UsageError('missing key id')
      const scopes = scopesOption(texts)
      if (!(await ctx.store.setScopes(id, scopes))) throw new Error(`no key ${id}`)
      if (ctx.values.json) return out(JSON.stringify({ id, scopes }))
      out(`${id} may now be used for: ${scopes.join(', ')}.`)
    },
  },
  'keys origins': {
    summary:
      'keys origins <id> <origin>... | --any [--json]   browser origins allowed to use the key (--any: every origin)',
    options: { any: { type: 'boolean' }, json: { type: 'boolean' } },
    async run(ctx) {
      const [id, ...texts] = ctx.positionals
      if (id === undefined) throw new UsageError('missing key id')
      if (ctx.values.any && texts.length)
        throw new UsageError('give origins or --any (every origin), not both')
      if (!ctx.values.any && texts.length === 0)
        throw new UsageError(
          'give at least one origin (https://shop.example), or --any to allow every origin',
        )
      const origins = ctx.values.any ? [] : originsOption(texts)
      if (!(await ctx.store.setAllowedOrigins(id, origins))) throw new Error(`no key ${id}`)
      if (ctx.values.json) return out(JSON.stringify({ id, allowed_origins: origins }))
      out(
        origins.length
          ? `${id} may be used by browsers on ${origins.join(', ')} only (calls without an Origin header, from servers, are not affected).`
          : `${id} may be used from any origin.`,
      )
    },
  },
} satisfies Record<string, Command>
