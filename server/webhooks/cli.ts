/**
 * `huma webhooks ...`: a key's destinations, its delivery log, and redelivery, on the store the server
 * uses (a running server's worker takes a redelivery within a second).
 */
import type { Command } from '../cli/commands.ts'
import { UsageError } from '../cli/commands.ts'
import { createWebhooks } from './index.ts'
import { webhookAdmin } from './service.ts'

const out = (text: string): void => void process.stdout.write(text + '\n')
const json = { json: { type: 'boolean' } } as const

function arg(positionals: string[], index: number, what: string): string {
  const value = positionals[index]
  if (value === undefined) throw new UsageError(`missing ${what}`)
  return value
}

export const WEBHOOK_COMMANDS = {
  'webhooks list': {
    summary: 'webhooks list <key-id> [--json]          the key’s webhook destinations',
    options: json,
    async run(ctx) {
      const keyId = arg(ctx.positionals, 0, 'key id')
      const rows = await webhookAdmin(createWebhooks({ store: ctx.store })).list(keyId)
      if (ctx.values.json) return out(JSON.stringify(rows))
      if (rows.length === 0) return out(`${keyId} has no webhook destinations.`)
      for (const r of rows)
        out(
          `${r.webhook_type}  ${r.destination_url}  ${r.enabled ? 'enabled' : `disabled since ${r.disabled_at}`}` +
            `  ${r.consecutive_failures} failures in a row`,
        )
    },
  },
  'webhooks log': {
    summary:
      'webhooks log <key-id> [--limit N] [--json]  deliveries, newest first: status, attempts, last error, next attempt',
    options: { limit: { type: 'string' }, ...json },
    async run(ctx) {
      const keyId = arg(ctx.positionals, 0, 'key id')
      const limit = ctx.values.limit === undefined ? 50 : Number(ctx.values.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit must be a whole number from 1 to 1000')
      const rows = await webhookAdmin(createWebhooks({ store: ctx.store })).deliveries(keyId, { limit })
      if (ctx.values.json) return out(JSON.stringify(rows))
      if (rows.length === 0) return out(`${keyId} has no webhook deliveries.`)
      for (const r of rows)
        out(
          `${r.webhook_id}  ${r.webhook_type}  ${r.status}  ${r.attempts} attempts` +
            (r.last_error ? `  last: ${r.last_error}` : '') +
            (r.next_attempt_at ? `  next: ${r.next_attempt_at}` : ''),
        )
    },
  },
  'webhooks redeliver': {
    summary: 'webhooks redeliver <key-id> <webhook-id>   deliver again now, with the same webhook-id',
    options: {},
    async run(ctx) {
      const keyId = arg(ctx.positionals, 0, 'key id')
      const id = arg(ctx.positionals, 1, 'webhook id')
      const done = await webhookAdmin(createWebhooks({ store: ctx.store })).redeliver(keyId, id)
      if (!done.ok) throw new Error(done.message)
      out(
        done.queued
          ? `${id} is due now: a running server delivers it within a second.`
          : `${id} is being attempted right now; nothing more was queued.`,
      )
    },
  },
} satisfies Record<string, Command>
