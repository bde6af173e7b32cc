/**
 * `huma stamps verify-log`: audits the stamp log (audit.ts) in this server's store, or with --url in any
 * server's public routes (no store needed), optionally against a head kept from before (--head FILE:
 * the JSON of GET /v1/stamps/log/head, or any {"size", "hash"}). Exits 1 naming the first problem.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { CONTENT_HASH } from '../../shared/contracts/stamps.ts'
import { UsageError, type Command, type RunValues } from '../cli/commands.ts'
import { createTokenService } from '../tokens/service.ts'
import { auditLog, fromUrl, type KeptHead, type LogSource } from './audit.ts'
import { createStampService } from './service.ts'
import { notEnrolled } from './standing.ts'
import { stampsSlice } from './store.ts'
import type { Store } from '../store/types.ts'

const out = (text: string): void => void process.stdout.write(text + '\n')

const keptSchema = z.object({ size: z.number().int().min(0), hash: z.string().regex(CONTENT_HASH) })

function keptHead(values: RunValues): KeptHead | undefined {
  const file = values.head
  if (typeof file !== 'string') return undefined
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    throw new UsageError(`--head: cannot read ${file} as JSON`)
  }
  const parsed = keptSchema.safeParse(raw)
  if (!parsed.success) throw new UsageError(`--head: ${file} needs "size" and "hash" (a head of the log)`)
  return parsed.data
}

/** The store's log, as its own server would serve it. */
function fromStore(store: Store, now: number): LogSource {
  const tokens = createTokenService(store, { now: () => now, ttlDays: 365 })
  const service = createStampService({
    store: () => store.slice(stampsSlice),
    tokens,
    userHasher: () => Promise.reject(new Error('not needed to audit')),
    standingOf: notEnrolled,
    outbox: { prepare: () => Promise.reject(new Error('not needed to audit')), kick: () => {} },
    keys: store,
    now: () => now,
  })
  return { head: () => service.head(), entries: (f, l) => service.entries(f, l), jwks: () => tokens.jwks() }
}

async function verify(source: LogSource, values: RunValues): Promise<void> {
  const result = await auditLog(source, keptHead(values))
  if (values.json) out(JSON.stringify(result))
  // the CLI prints this on stderr and exits 1
  if (!result.ok) throw new Error(`the stamp log does NOT verify: ${result.problem}`)
  if (!values.json)
    out(
      `the stamp log verifies: ${result.size} entries, head ${result.hash}${result.at ? ` at ${result.at}` : ''}`,
    )
}

const options = { url: { type: 'string' }, head: { type: 'string' }, json: { type: 'boolean' } } as const

export const STAMP_COMMANDS = {
  'stamps verify-log': {
    summary:
      'stamps verify-log [--url URL] [--head FILE] [--json]   re-walk the stamp log to its signed head (this store, or a server’s public log)',
    options,
    remote: (values) => typeof values.url === 'string',
    runRemote: (ctx) => verify(fromUrl(String(ctx.values.url)), ctx.values),
    run: (ctx) => verify(fromStore(ctx.store, ctx.now), ctx.values),
  },
} satisfies Record<string, Command>
