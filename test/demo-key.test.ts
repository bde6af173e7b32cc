import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PLANS } from '../shared/plans.ts'
import { createDemoKey, createKey, DEMO_KEY_NAME } from '../server/admin.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import type { Store } from '../server/store/types.ts'

let dir: string
let store: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'huma-demo-key-'))
  store = openEmbeddedStore(dir)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const demoRows = async (s: Store) => (await s.listKeys()).filter((k) => k.name === DEMO_KEY_NAME)

describe('the demo key', () => {
  it('is the same key, in the same one row, after a restart', async () => {
    const first = await createDemoKey(store, PLANS)
    await store.close()
    store = openEmbeddedStore(dir)
    const second = await createDemoKey(store, PLANS)
    expect(first).toMatch(/^huma_live_[A-Za-z0-9]{32}$/)
    expect(second).toBe(first)
    const rows = await demoRows(store)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.revokedAt).toBeNull()
  })

  it('differs between data dirs (it comes from a secret of the store, not a constant)', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'huma-demo-key-'))
    const other = openEmbeddedStore(otherDir)
    try {
      expect(await createDemoKey(other, PLANS)).not.toBe(await createDemoKey(store, PLANS))
    } finally {
      await other.close()
      rmSync(otherDir, { recursive: true, force: true })
    }
  })

  it('revokes the demo rows older versions left behind, once', async () => {
    const old = await createKey(store, PLANS, { plan: 'free', name: DEMO_KEY_NAME, now: Date.now() })
    await createDemoKey(store, PLANS)
    const rows = await demoRows(store)
    expect(rows.find((k) => k.id === old.record.id)?.revokedAt).not.toBeNull()
    expect(rows.filter((k) => k.revokedAt === null)).toHaveLength(1)
  })

  it('stays revoked when an operator revoked it: the demo sign-up is then off', async () => {
    await createDemoKey(store, PLANS)
    const [row] = await demoRows(store)
    await store.revokeKey(row!.id, Date.now())
    expect(await createDemoKey(store, PLANS)).toBeNull()
    expect(await demoRows(store)).toHaveLength(1)
  })
})
