/**
 * The region rule and the scoping of unique_human_id, at the domain's edge, on a real embedded store.
 * The passkey here is a stand-in that answers a given credential id (the real WebAuthn check runs in
 * Chromium, test/hosted-browser.test.ts): what is tested is what the domain does with the id.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PLANS } from '../../shared/plans.ts'
import { createKey } from '../keys/service.ts'
import { createUserHasher } from '../secrets/user-hash.ts'
import { openEmbeddedStore } from '../store/embedded.ts'
import type { Store } from '../store/types.ts'
import { createTokenService } from '../tokens/service.ts'
import type { Passkeys } from './passkeys.ts'
import { createSessions, type Sessions } from './sessions.ts'
import { openHostedStore } from './store/index.ts'

let dir: string
let store: Store
let sessions: Sessions
let credential = 'cred_A'
const rp = { origin: 'https://huma.example', id: 'huma.example', name: 'Huma' }
const passkey = {
  kind: 'create',
  id: 'x',
  rawId: 'x',
  type: 'public-key',
  response: { clientDataJSON: 'x', attestationObject: 'x' },
} as const

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'huma-sessions-'))
  store = openEmbeddedStore(dir)
  const standIn: Passkeys = {
    options: async () => ({ create: {}, get: {} }),
    check: async () => ({ ok: true, credentialId: credential }),
  }
  sessions = createSessions({
    store: openHostedStore(store),
    passkeys: standIn,
    userHasher: () => createUserHasher(store),
    secret: async () => Buffer.alloc(32, 7),
    score: async () => ({ ok: true, confidence: 0.9, reasons: [] }),
    findKey: (id) => store.findKeyById(id),
    tokens: createTokenService(store, { now: Date.now, ttlDays: 1 }),
    now: Date.now,
  })
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function check(keyId: string, reference: string, region?: string) {
  const key = (await store.findKeyById(keyId))!
  const registered = await sessions.register(key, {
    reference_user_id: reference,
    data_request: { type: 'GET_HUMANNESS_SCORE_AND_UNIQUE_HUMAN_ID' },
    ...(region ? { uniqueness_region_id: region } : {}),
  })
  if (!registered.ok) throw new Error(registered.message)
  const done = await sessions.complete({ code: registered.code, signals: '', passkey, rp })
  return done.ok ? { ok: true as const, id: done.user.result!.uniqueHumanId } : done
}

const newKey = async () => (await createKey(store, PLANS, { plan: 'starter', now: Date.now() })).record.id

describe('the region rule', () => {
  it('lets one passkey complete a region once, for one reference user, who may come back', async () => {
    const key = await newKey()
    const first = await check(key, 'user_1', 'survey_1')
    expect(first.ok).toBe(true)
    expect(await check(key, 'user_2', 'survey_1')).toMatchObject({
      ok: false,
      code: 'ALREADY_VERIFIED_IN_REGION',
    })
    expect(await check(key, 'user_1', 'survey_1')).toEqual(first)
    credential = 'cred_B'
    expect((await check(key, 'user_2', 'survey_1')).ok).toBe(true)
    credential = 'cred_A'
  })

  it('treats the key as one region when none is given', async () => {
    const key = await newKey()
    expect((await check(key, 'user_1')).ok).toBe(true)
    expect(await check(key, 'user_2')).toMatchObject({ ok: false, code: 'ALREADY_VERIFIED_IN_REGION' })
  })

  it('gives one passkey unlinkable ids in other regions and under other keys', async () => {
    const [a, b] = [await newKey(), await newKey()]
    const ids = [
      await check(a, 'u', 'r1'),
      await check(a, 'u', 'r2'),
      await check(b, 'u', 'r1'),
      await check(a, 'v'),
    ]
    for (const id of ids) expect(id.ok).toBe(true)
    const values = ids.map((r) => (r.ok ? r.id : null))
    expect(new Set(values).size).toBe(4)
    for (const value of values) expect(value).not.toContain('cred_A')
  })
})
