/** The CLI's commands: one entry each, with its options (node:util parseArgs) and what it does. */
import { createHash } from 'node:crypto'
import type { ParseArgsConfig } from 'node:util'
import { generateAdminToken } from '../admin/access.ts'
import { adminSlice } from '../admin/store.ts'
import { randomBase62 } from '../keys/keys.ts'
import { KEY_BITS_CACHE_MS, MAX_CHALLENGE_BITS } from '../challenge/service.ts'
import { challengeBitsSlice } from '../challenge/store.ts'
import { createKey, defaultTrialEnd } from '../keys/service.ts'
import type { PlanTable } from '../limits/plans.ts'
import { monthOf } from '../limits/service.ts'
import type { ApiKeyRecord, Store } from '../store/types.ts'
import { createSigningKey } from '../tokens/service.ts'
import { HOSTED_COMMANDS, parseOrigins, setRedirectOrigins } from '../hosted/cli.ts'
import { WEBHOOK_COMMANDS } from '../webhooks/cli.ts'
import { IDV_COMMANDS } from '../idv/cli.ts'
import { describeOrigins, KEY_ACCESS_COMMANDS, originsOption, scopesOption } from '../keys/cli.ts'
import { STAMP_COMMANDS } from '../stamps/cli.ts'
import { TRUST_COMMANDS } from '../trust/cli.ts'

export class UsageError extends Error {}

export type RunValues = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface RunContext {
  store: Store
  plans: PlanTable
  values: RunValues
  positionals: string[]
  now: number
}

export interface Command {
  summary: string
  /** may run on an empty data dir (and so create it); the others refuse one, which is a wrong folder */
  createsStore?: boolean
  options: NonNullable<ParseArgsConfig['options']>
  run(ctx: RunContext): Promise<void>
  /** when this says so for the options given, runRemote runs instead, without opening a store */
  remote?: (values: RunValues) => boolean
  runRemote?: (ctx: Omit<RunContext, 'store' | 'plans'>) => Promise<void>
}

const out = (text: string): void => void process.stdout.write(text + '\n')
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const json = { json: { type: 'boolean' } } as const

function positional(ctx: RunContext, index: number, what: string): string {
  const value = ctx.positionals[index]
  if (value === undefined) throw new UsageError(`missing ${what}`)
  return value
}

async function existingKey(store: Store, id: string): Promise<ApiKeyRecord> {
  const key = await store.findKeyById(id)
  if (!key) throw new Error(`no key ${id}`)
  return key
}

function keyStatus(key: ApiKeyRecord, now: number): string {
  if (key.revokedAt !== null) return 'revoked'
  if (key.trialEndsAt !== null && now >= key.trialEndsAt) return 'trial ended'
  return 'active'
}

export const COMMANDS = {
  'keys create': {
    summary:
      'keys create --plan <plan> [--name N] [--trial-ends ISO] [--test] [--scopes s,s] [--origins o,o] [--redirect-origins <origin>...] [--json]   create a key, shown once',
    options: {
      plan: { type: 'string' },
      name: { type: 'string' },
      'trial-ends': { type: 'string' },
      test: { type: 'boolean' },
      'redirect-origins': { type: 'string', multiple: true },
      scopes: { type: 'string', multiple: true },
      origins: { type: 'string', multiple: true },
      ...json,
    },
    createsStore: true,
    async run(ctx) {
      const plan = ctx.values.plan
      if (typeof plan !== 'string') throw new UsageError('--plan is required')
      const trialEnds = ctx.values['trial-ends']
      let trialEndsAt: number | null | undefined
      if (typeof trialEnds === 'string') {
        trialEndsAt = Date.parse(trialEnds)
        if (Number.isNaN(trialEndsAt)) throw new UsageError(`--trial-ends: not an ISO date: ${trialEnds}`)
      }
      const name = typeof ctx.values.name === 'string' ? ctx.values.name : null
      const strings = (name: string) => {
        const given = ctx.values[name]
        return Array.isArray(given) ? given.map(String) : null
      }
      const [redirects, scopeTexts, originTexts] = [
        strings('redirect-origins'),
        strings('scopes'),
        strings('origins'),
      ]
      // --redirect-origins a b c (or --origins a b c): the first after the flag, the rest as positionals
      const extra = ctx.positionals
      if (extra.length && (redirects === null) === (originTexts === null))
        throw new UsageError(
          redirects === null
            ? `unexpected argument ${extra[0]}`
            : `unexpected argument ${extra[0]}: with both --origins and --redirect-origins, separate origins by commas`,
        )
      const origins = redirects ? parseOrigins([...redirects, ...(originTexts ? [] : extra)]) : []
      const allowedOrigins = originTexts ? originsOption([...originTexts, ...(redirects ? [] : extra)]) : []
      const scopes = scopeTexts ? scopesOption(scopeTexts) : undefined
      const { record, key } = await createKey(ctx.store, ctx.plans, {
        plan,
        name,
        mode: ctx.values.test ? 'test' : 'live',
        ...(trialEndsAt === undefined ? {} : { trialEndsAt }),
        ...(scopes ? { scopes } : {}),
        allowedOrigins,
        now: ctx.now,
      })
      if (origins.length) await setRedirectOrigins(ctx.store, record.id, origins)
      if (ctx.values.json) {
        out(
          JSON.stringify({
            id: record.id,
            key,
            plan: record.plan,
            trial_ends: iso(record.trialEndsAt),
            scopes: record.scopes,
            allowed_origins: record.allowedOrigins,
          }),
        )
        return
      }
      out(
        `Created ${record.mode} key ${record.id} on plan ${record.plan}` +
          (record.trialEndsAt === null ? '' : `, trial ends ${iso(record.trialEndsAt)}`) +
          `, scopes ${record.scopes.join(',')}, ${describeOrigins(record.allowedOrigins)}.`,
      )
      out(`Keep it now, it is not shown again:\n\n  ${key}\n`)
    },
  },
  'keys list': {
    summary:
      'keys list [--json]                      every key with its plan, status, scopes and origins (never the key itself)',
    options: json,
    async run(ctx) {
      const keys = await ctx.store.listKeys()
      const rows = keys.map((k) => ({
        id: k.id,
        mode: k.mode,
        plan: k.plan,
        name: k.name,
        status: keyStatus(k, ctx.now),
        created: iso(k.createdAt),
        trial_ends: iso(k.trialEndsAt),
        scopes: k.scopes,
        allowed_origins: k.allowedOrigins,
      }))
      if (ctx.values.json) return out(JSON.stringify(rows))
      if (rows.length === 0) return out('No keys yet: huma keys create --plan trial')
      for (const r of rows) {
        out(
          [
            r.id,
            r.mode,
            r.plan,
            r.status,
            `scopes ${r.scopes.join(',')}`,
            describeOrigins(r.allowed_origins),
            r.trial_ends ? `trial ends ${r.trial_ends}` : '',
            r.name ?? '',
          ]
            .filter(Boolean)
            .join('  '),
        )
      }
    },
  },
  'keys revoke': {
    summary: 'keys revoke <id>                        stop a key from working, for good',
    options: {},
    async run(ctx) {
      const id = positional(ctx, 0, 'key id')
      const key = await existingKey(ctx.store, id)
      if (key.revokedAt !== null) return out(`${id} was already revoked.`)
      await ctx.store.revokeKey(id, ctx.now)
      out(`Revoked ${id}.`)
    },
  },
  'keys plan': {
    summary: 'keys plan <id> <plan>                   move a key to another plan',
    options: {},
    async run(ctx) {
      const id = positional(ctx, 0, 'key id')
      const plan = positional(ctx, 1, 'plan')
      if (!ctx.plans[plan])
        throw new Error(`unknown plan ${JSON.stringify(plan)}; plans: ${Object.keys(ctx.plans).join(', ')}`)
      const key = await existingKey(ctx.store, id)
      // Leaving the trial ends it; moving onto the trial starts one unless the key already has one.
      const trialEndsAt = plan === 'trial' ? (key.trialEndsAt ?? defaultTrialEnd(plan, ctx.now)) : null
      await ctx.store.setPlan(id, plan, trialEndsAt)
      out(`${id} is now on plan ${plan}.`)
    },
  },
  'keys challenge-bits': {
    summary: "keys challenge-bits <id> <bits|default>  the key's own proof-of-work difficulty",
    options: {},
    async run(ctx) {
      const id = positional(ctx, 0, 'key id')
      const value = positional(ctx, 1, 'bits (or default)')
      const bits = value === 'default' ? null : Number(value)
      if (bits !== null && !(Number.isInteger(bits) && bits >= 1 && bits <= MAX_CHALLENGE_BITS))
        throw new UsageError(`bits must be a whole number from 1 to ${MAX_CHALLENGE_BITS}, or default`)
      await existingKey(ctx.store, id)
      await ctx.store.slice(challengeBitsSlice).setBits(id, bits)
      out(
        bits === null
          ? `${id} uses the server's proof-of-work difficulty (HUMA_CHALLENGE_BITS).`
          : `${id} asks for ${bits} bits (about ${2 ** bits} hashes a payload). Its pages load the snippet with ` +
              `data-challenge="/challenge?site=${id}"; instances apply it within ${KEY_BITS_CACHE_MS / 1000} s.`,
      )
    },
  },
  'admin token create': {
    summary: 'admin token create [--name N]         an operator token for the dashboard (/admin), shown once',
    options: { name: { type: 'string' } },
    createsStore: true,
    async run(ctx) {
      const name =
        typeof ctx.values.name === 'string' && ctx.values.name.trim() ? ctx.values.name.trim() : 'operator'
      if (name.length > 64) throw new UsageError('--name must be at most 64 characters')
      const token = generateAdminToken()
      await ctx.store.slice(adminSlice).addToken({
        id: `adm_${randomBase62(12)}`,
        name,
        hash: createHash('sha256').update(token).digest('hex'),
        createdAt: ctx.now,
      })
      out(token)
      process.stderr.write(
        `Operator token for ${name} (shown once, kept only as its hash): log in at /admin on this server.\n`,
      )
    },
  },
  usage: {
    summary: 'usage [<id>] [--month YYYY-MM] [--json] verifications counted this month, against the plan',
    options: { month: { type: 'string' }, ...json },
    async run(ctx) {
      const month = typeof ctx.values.month === 'string' ? ctx.values.month : monthOf(ctx.now)
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
        throw new UsageError(`--month must be a month as YYYY-MM, not ${JSON.stringify(month)}`)
      const id = ctx.positionals[0]
      const keys = id === undefined ? await ctx.store.listKeys() : [await existingKey(ctx.store, id)]
      const used = new Map((await ctx.store.usage(month, id)).map((row) => [row.keyId, row.used]))
      const rows = keys.map((k) => ({
        id: k.id,
        plan: k.plan,
        month,
        used: used.get(k.id) ?? 0,
        limit: ctx.plans[k.plan]?.perMonth ?? null,
      }))
      if (ctx.values.json) return out(JSON.stringify(rows))
      for (const r of rows) out(`${r.id}  ${r.plan}  ${r.month}  ${r.used} / ${r.limit ?? '?'}`)
    },
  },
  'signing rotate': {
    summary:
      'signing rotate                          new audit-token signing key; old tokens stay verifiable',
    options: {},
    createsStore: true,
    async run(ctx) {
      const kid = await createSigningKey(ctx.store, ctx.now)
      out(`New signing key ${kid} signs from now on (running servers pick it up within a minute).`)
    },
  },
  'signing list': {
    summary:
      'signing list [--json]                   audit-token signing keys, oldest first; the newest signs',
    options: json,
    async run(ctx) {
      const keys = (await ctx.store.signingKeys()).map((k, i, all) => ({
        kid: k.kid,
        created: iso(k.createdAt),
        signs: i === all.length - 1,
      }))
      if (ctx.values.json) return out(JSON.stringify(keys))
      if (keys.length === 0) return out('No signing keys yet: the server makes one on its first token.')
      for (const k of keys) out(`${k.kid}  ${k.created}${k.signs ? '  signs' : ''}`)
    },
  },
  ...IDV_COMMANDS,
  ...STAMP_COMMANDS,
  'signing retire': {
    summary:
      'signing retire <kid>                    remove a signing key: its tokens stop verifying, it leaves the JWKS',
    options: {},
    async run(ctx) {
      const kid = positional(ctx, 0, 'signing key id')
      const keys = await ctx.store.signingKeys()
      if (!keys.some((k) => k.kid === kid)) throw new Error(`no signing key ${kid}`)
      // the last key is never removed: the server would make a new one, and say nothing of it
      if (keys.length === 1) throw new Error(`${kid} is the only signing key: run huma signing rotate first`)
      await ctx.store.retireSigningKey(kid)
      out(
        `Retired signing key ${kid}: its tokens no longer verify and it is gone from the JWKS ` +
          '(running servers pick this up within a minute).',
      )
    },
  },
  ...KEY_ACCESS_COMMANDS,
  ...HOSTED_COMMANDS,
  ...WEBHOOK_COMMANDS,
  ...TRUST_COMMANDS,
} satisfies Record<string, Command>

export function usage(): string {
  return [
    'Usage: huma <command>',
    '',
    ...Object.values(COMMANDS).map((c) => '  ' + c.summary),
    '',
    'Env: HUMA_DATA_DIR (data/ in the Huma folder, as for the server), HUMA_STORE, HUMA_PLANS',
    '',
  ].join('\n')
}
