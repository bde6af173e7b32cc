/**
 * `huma idv purge [--now ISO]` (the retention sweep, by hand) and `huma idv theme <key_id> ...` (the
 * hosted page's name, logo and colours for one key). Joined to the CLI's commands in server/cli/.
 */
import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import type { ParseArgsConfig } from 'node:util'
import { idvThemeSchema, type IdvTheme } from '../../shared/contracts/idv.ts'
import { readConfig } from '../config.ts'
import type { PlanTable } from '../limits/plans.ts'
import type { Store } from '../store/types.ts'
import { idvKeysOf } from './index.ts'
import { purgeDue } from './retention.ts'
import { idvSlice, type IdvStore } from './store.ts'
import { createVault } from './vault.ts'

export interface IdvRunContext {
  store: Store
  plans: PlanTable
  values: Record<string, string | boolean | (string | boolean)[] | undefined>
  positionals: string[]
  now: number
}

export interface IdvCommand {
  summary: string
  options: NonNullable<ParseArgsConfig['options']>
  run(ctx: IdvRunContext): Promise<void>
}

const out = (text: string): void => void process.stdout.write(text + '\n')

/** The slice, and the data dir the encrypted files are in (HUMA_DATA_DIR, as for the server). */
async function withIdvStore<T>(store: Store, run: (idv: IdvStore, dataDir: string) => Promise<T>) {
  return run(store.slice(idvSlice), readConfig().store.dataDir)
}

const LOGO_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
}

export const IDV_COMMANDS = {
  'idv purge': {
    summary:
      'idv purge [--now ISO] [--json]          delete identity-check files and contact data past their retention',
    options: { now: { type: 'string' }, json: { type: 'boolean' } },
    async run(ctx) {
      const given = ctx.values.now
      const now = typeof given === 'string' ? Date.parse(given) : ctx.now
      if (!Number.isFinite(now))
        throw new Error(`--now must be a date and time (ISO 8601), not ${JSON.stringify(given)}`)
      const purged = await withIdvStore(ctx.store, async (idv, dataDir) => {
        const keys = idvKeysOf(ctx.store)
        return purgeDue(
          idv,
          createVault(dataDir, async () => (await keys()).seal),
          now,
        )
      })
      if (ctx.values.json) return out(JSON.stringify({ purged, now: new Date(now).toISOString() }))
      out(`Purged ${purged} identity check${purged === 1 ? '' : 's'} due by ${new Date(now).toISOString()}.`)
    },
  },
  'idv theme': {
    summary:
      'idv theme <key_id> [--name N] [--logo FILE] [--primary #hex] [--background #hex]   theme the /verif/ page',
    options: {
      name: { type: 'string' },
      logo: { type: 'string' },
      primary: { type: 'string' },
      background: { type: 'string' },
    },
    async run(ctx) {
      const keyId = ctx.positionals[0]
      if (!keyId) throw new Error('missing key id')
      if (!(await ctx.store.findKeyById(keyId))) throw new Error(`no key ${keyId}`)
      await withIdvStore(ctx.store, async (idv) => {
        const { name, logo, primary, background } = ctx.values
        const theme: IdvTheme = { ...((await idv.getTheme(keyId)) ?? {}) }
        if (typeof name === 'string') theme.name = name
        if (typeof primary === 'string') theme.primary_color = primary
        if (typeof background === 'string') theme.background_color = background
        if (typeof logo === 'string') {
          const type = LOGO_TYPES[extname(logo).toLowerCase()]
          if (!type) throw new Error('--logo must be a .png, .jpg or .webp file')
          theme.logo_url = `data:${type};base64,${readFileSync(logo).toString('base64')}`
        }
        const parsed = idvThemeSchema.safeParse(theme)
        if (!parsed.success) {
          const field = String(parsed.error.issues[0]?.path[0] ?? 'theme')
          throw new Error(`${field} is invalid (colours are #rrggbb; a logo is at most about 1.4 KB)`)
        }
        await idv.setTheme(keyId, parsed.data)
        out(
          JSON.stringify({
            key_id: keyId,
            ...parsed.data,
            logo_url: parsed.data.logo_url ? '(set)' : undefined,
          }),
        )
      })
    },
  },
} satisfies Record<string, IdvCommand>
