/**
 * `huma trust ...`: a user's enrolment and trust score, and revoking the enrolment, on the store the server
 * uses (the same as GET /v1/trust/{user_id} and POST /v1/enrollment/revoke; the webhooks go into the outbox,
 * which a running server's worker delivers within a second).
 */
import type { Command } from '../cli/commands.ts'
import { UsageError } from '../cli/commands.ts'
import { openHostedStore } from '../hosted/store/index.ts'
import { createUserHasher } from '../secrets/user-hash.ts'
import type { Store } from '../store/types.ts'
import { createWebhooks } from '../webhooks/index.ts'
import { createTrustService } from './service.ts'
import { trustSlice } from './store.ts'

const out = (text: string): void => void process.stdout.write(text + '\n')

function args(positionals: string[]): { keyId: string; userId: string } {
  const [keyId, userId] = positionals
  if (keyId === undefined) throw new UsageError('missing key id')
  if (userId === undefined) throw new UsageError('missing user id')
  return { keyId, userId }
}

function trustOn(store: Store, now: number) {
  const keyId = (id: string) => store.findKeyById(id)
  return {
    known: keyId,
    trust: createTrustService({
      store: () => store.slice(trustSlice),
      hosted: () => openHostedStore(store),
      userHasher: () => createUserHasher(store),
      outbox: createWebhooks({ store, now: () => now }).outbox,
      now: () => now,
    }),
  }
}

export const TRUST_COMMANDS = {
  'trust show': {
    summary: 'trust show <key-id> <user-id> [--json]  the user’s trust score and signals (docs/trust.md)',
    options: { json: { type: 'boolean' } },
    async run(ctx) {
      const { keyId, userId } = args(ctx.positionals)
      const { known, trust } = trustOn(ctx.store, ctx.now)
      if (!(await known(keyId))) throw new Error(`no key ${keyId}`)
      const answer = await trust.trust(keyId, { user_id: userId })
      if (!answer.ok) throw new Error(answer.message)
      if (ctx.values.json) return out(JSON.stringify(answer.body))
      const { trust_score, signals, verified_since, last_verified } = answer.body
      out(
        `trust score ${trust_score} of 100; enrolled since ${verified_since ?? 'never'}; last judged human ${last_verified ?? 'never'}`,
      )
      for (const [name, signal] of Object.entries(signals))
        out(`  ${name}  ${signal.verified ? 'verified' : 'not verified'}  ${signal.points} points`)
    },
  },
  'trust revoke': {
    summary: 'trust revoke <key-id> <user-id>         end the user’s enrolment (sends enrollment.revoked)',
    options: {},
    async run(ctx) {
      const { keyId, userId } = args(ctx.positionals)
      const { known, trust } = trustOn(ctx.store, ctx.now)
      if (!(await known(keyId))) throw new Error(`no key ${keyId}`)
      const answer = await trust.revoke(keyId, { user_id: userId })
      if (!answer.ok) throw new Error(answer.message)
      out(
        `Revoked the enrolment at ${answer.body.revoked_at}: POST /v1/verify answers no_enrollment from now on.`,
      )
    },
  },
} satisfies Record<string, Command>
