/** `huma trust show` and `huma trust revoke`, as an operator runs them on the server's data dir. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createWebhooks } from '../server/webhooks/index.ts'
import { storeSealer } from '../server/webhooks/seal.ts'
import { makeTestApp } from './helpers/app.ts'
import { hostedCheck } from './helpers/enrol.ts'
import { cli } from './helpers/processes.ts'

let dir: string
let env: Record<string, string>
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'huma-trust-cli-'))
  env = { HUMA_DATA_DIR: dir }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A key with one enrolled user, made by a server on `dir` that is then stopped. */
async function enrolled(userId: string): Promise<string> {
  const t = await makeTestApp({ store: openEmbeddedStore(dir) })
  const { key, id } = await t.key('roomy', { mode: 'test' })
  await hostedCheck(t, key, userId)
  await t.close()
  return id
}

describe('huma trust', () => {
  it("shows a user's trust score, revokes the enrolment once, and the revocation's webhook waits in the outbox", async () => {
    const id = await enrolled('cli_user')
    const shown = cli(['trust', 'show', id, 'cli_user', '--json'], env)
    expect(shown.code, shown.stderr).toBe(0)
    // the CLI runs on the real clock, the enrolment on the test's: its age has grown since
    const body = JSON.parse(shown.stdout) as {
      trust_score: number
      signals: Record<string, { points: number }>
    }
    expect(body).toMatchObject({ user_id: 'cli_user', max_score: 100 })
    const age = body.signals.enrollment_age!.points
    expect(age).toBeGreaterThan(0)
    expect(body.trust_score).toBe(55 + age)
    const words = cli(['trust', 'show', id, 'CLI_user'], env)
    expect(words.stdout).toContain(`trust score ${55 + age} of 100`)
    expect(words.stdout).toMatch(/passkey {2}verified {2}25 points/)

    const revoked = cli(['trust', 'revoke', id, 'cli_user'], env)
    expect(revoked.code, revoked.stderr).toBe(0)
    expect(revoked.stdout).toContain('Revoked the enrolment')
    const again = cli(['trust', 'revoke', id, 'cli_user'], env)
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('no active enrolment')

    const store = openEmbeddedStore(dir)
    try {
      const sealer = await storeSealer(store)
      const types = (await createWebhooks({ store }).store.deliveries(id, 20)).map(
        (d) => (JSON.parse(sealer.open(d.sealedBody)!) as { type: string }).type,
      )
      expect(types.filter((t) => t === 'enrollment.revoked')).toHaveLength(1)
    } finally {
      await store.close()
    }
  })

  it('refuses an unknown key, a missing user id, and a user nothing is known of', async () => {
    const id = await enrolled('someone')
    expect(cli(['trust', 'show', 'key_nope', 'u'], env).stderr).toContain('no key key_nope')
    expect(cli(['trust', 'revoke', id], env).stderr).toContain('missing user id')
    const unknown = cli(['trust', 'show', id, 'stranger'], env)
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toContain('nothing is known of this user_id')
  })
})
