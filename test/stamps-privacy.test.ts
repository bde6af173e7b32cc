/**
 * Content stamps keep no user id (docs/stamps.md, Privacy): after stamps, refusals, checks and a
 * revocation, neither the user id nor the key appears in the data dir or the request log, and the
 * content hash appears in no log line (the store keeps it, and the public log publishes it, by design).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { makeTestApp } from './helpers/app.ts'
import { fakeStanding, sha256, stampCalls } from './helpers/stamps.ts'

const USER = 'marker-user-5e1d7a@example.org'

it('keeps no user id or key on disk and no user id or content hash in the log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huma-stamp-privacy-'))
  const standing = fakeStanding()
  const t = await makeTestApp({ store: openEmbeddedStore(dir), standingOf: standing.standingOf })
  standing.set(USER, { lastVerified: t.clock.now })
  const { key } = await t.key('stamps3')
  const calls = stampCalls(t)
  const hash = sha256('a private diary entry')
  const made = (await (
    await calls.stamp(key, { content_hash: hash, user_id: USER, type: 'text' })
  ).json()) as {
    stamp_id: string
    signature: string
  }
  await calls.stamp(key, { content_hash: hash, user_id: 'someone-not-enrolled', type: 'text' })
  await calls.check(key, { content_hash: hash, signature: made.signature })
  await calls.revoke(key, made.stamp_id)
  for (let i = 0; i < 4; i++)
    await calls.stamp(key, { content_hash: sha256(`${i}`), user_id: USER, type: 'text' })
  await t.store.close()

  const logs = t.logs.join('\n')
  expect(t.logs.length).toBeGreaterThan(5)
  for (const secret of [USER, key, hash]) expect(logs).not.toContain(secret)
  const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)))
  expect(files.length).toBeGreaterThan(0)
  const disk = Buffer.concat(files)
  for (const secret of [USER, 'someone-not-enrolled', key]) expect(disk.includes(secret), secret).toBe(false)
  // the stamped hash is kept (in the stamp and its log entry): that is what the log proves
  expect(disk.includes(hash)).toBe(true)
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})
