/**
 * The stamp log (docs/stamps.md): its public head and entries, the head's signature under the JWKS, and
 * the audit (server/stamps/audit.ts, `huma stamps verify-log`) that re-walks it and catches a removed,
 * altered, reordered or back-dated entry, a forged head, and a rewrite re-signed by the operator once a
 * head was kept. The CLI runs on the store's file and against a live server's public routes.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STAMP_LOG_HEAD_TYPE, type StampLogEntry } from '../shared/contracts/stamps.ts'
import { auditLog, fromUrl, type LogSource } from '../server/stamps/audit.ts'
import { linkEntry, EMPTY_HEAD } from '../server/stamps/chain.ts'
import { openEmbeddedStore } from '../server/store/embedded.ts'
import { createTokenService } from '../server/tokens/service.ts'
import { makeTestApp, type TestApp } from './helpers/app.ts'
import { ROOT } from './helpers/processes.ts'
import { fakeStanding, sha256, stampCalls } from './helpers/stamps.ts'

let t: TestApp
let dataDir: string
let base: string
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'huma-stamp-log-'))
  const standing = fakeStanding()
  t = await makeTestApp({ store: openEmbeddedStore(dataDir), standingOf: standing.standingOf })
  standing.set('user_8412', { lastVerified: t.clock.now })
  const { key } = await t.key()
  const calls = stampCalls(t)
  const ids: string[] = []
  for (const text of ['one', 'two', 'three']) {
    t.clock.now += 1_000
    const res = await calls.stamp(key, { content_hash: sha256(text), user_id: 'user_8412', type: 'text' })
    ids.push(((await res.json()) as { stamp_id: string }).stamp_id)
  }
  t.clock.now += 1_000
  expect((await calls.revoke(key, ids[0]!)).status).toBe(200)
  base = new URL((await t.request('/')).url).origin
})
afterEach(async () => {
  await t.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** the server's log, with its entries passed through `edit` */
function edited(edit: (entries: StampLogEntry[]) => StampLogEntry[]): LogSource {
  const real = fromUrl(base)
  return {
    ...real,
    entries: async (from, limit) => {
      const all = (await real.entries(1, 500)).entries
      return {
        entries: edit(all)
          .filter((e) => e.seq >= from)
          .slice(0, limit),
        next: null,
      }
    },
  }
}

describe('the public log routes', () => {
  it('serve a head signed under the JWKS with typ huma-stamp-log+jws, without a key', async () => {
    const res = await t.request('/v1/stamps/log/head')
    expect(res.status).toBe(200)
    const head = (await res.json()) as { size: number; hash: string; at: string; signature: string }
    expect(head).toMatchObject({ size: 4, at: new Date(t.clock.now).toISOString() })
    const { payload } = await jwtVerify(
      head.signature,
      createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`)),
      {
        algorithms: ['EdDSA'],
        typ: STAMP_LOG_HEAD_TYPE,
      },
    )
    expect(payload).toMatchObject({ iss: 'huma', size: 4, hash: head.hash, at: head.at })
  })

  it('page the entries, and answer 400 naming a bad from or limit', async () => {
    const page = (await (await t.request('/v1/stamps/log/entries?from=2&limit=2')).json()) as {
      entries: StampLogEntry[]
      next: number | null
    }
    expect(page.entries.map((e) => [e.seq, e.kind])).toEqual([
      [2, 'stamp'],
      [3, 'stamp'],
    ])
    expect(page.next).toBe(4)
    const last = (await (await t.request('/v1/stamps/log/entries?from=4')).json()) as { next: number | null }
    expect(last.next).toBeNull()
    for (const [query, field] of [
      ['from=0', 'from'],
      ['limit=501', 'limit'],
      ['from=abc', 'from'],
    ]) {
      const res = await t.request(`/v1/stamps/log/entries?${query}`)
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as { message: string }).message).toContain(field)
    }
  })

  it('name no user id in any entry', async () => {
    const text = await (await t.request('/v1/stamps/log/entries')).text()
    expect(text).not.toContain('user_8412')
    expect(text).toContain(sha256('one'))
  })
})

describe('auditing the log', () => {
  it('verifies the log as served', async () => {
    expect(await auditLog(fromUrl(base))).toMatchObject({ ok: true, size: 4 })
  })

  it('detects a removed entry', async () => {
    const result = await auditLog(edited((all) => all.filter((e) => e.seq !== 2)))
    expect(result).toEqual({ ok: false, problem: 'entry 2 is missing (found 3 instead)' })
  })

  it('detects an altered entry', async () => {
    const result = await auditLog(
      edited((all) => all.map((e) => (e.seq === 3 ? { ...e, creator: 'someone-else' } : e))),
    )
    expect(result).toEqual({ ok: false, problem: 'entry 3 was altered: its hash does not match' })
  })

  it('detects reordered entries', async () => {
    const result = await auditLog(
      edited((all) =>
        all.map((e) => (e.seq === 2 ? { ...all[2]!, seq: 2 } : e.seq === 3 ? { ...all[1]!, seq: 3 } : e)),
      ),
    )
    expect(result).toEqual({ ok: false, problem: 'entry 2 does not link to the entry before it' })
  })

  it('detects a back-dated entry even when the chain is re-linked around it', async () => {
    const result = await auditLog(
      edited((all) => {
        let head = EMPTY_HEAD
        return all.map((e) => {
          const entry = linkEntry(head, { ...e, at: e.at })
          const backdated = e.seq === 3 ? { ...entry, at: all[0]!.at - 1 } : entry
          const relinked = {
            ...backdated,
            hash: backdated.seq === 3 ? linkHash(head.hash, backdated) : backdated.hash,
          }
          head = { size: relinked.seq, hash: relinked.hash, at: relinked.at }
          return relinked
        })
      }),
    )
    expect(result).toEqual({ ok: false, problem: 'entry 3 is timed before the entry before it' })
  })

  it('detects a head whose fields are not what its signature signs, and a stamp JWS passed off as a head', async () => {
    const real = fromUrl(base)
    const head = await real.head()
    expect(await auditLog({ ...real, head: async () => ({ ...head, size: 3 }) })).toMatchObject({
      ok: false,
      problem: 'the head does not say what its signature signs',
    })
    const tokens = createTokenService(t.store, { now: () => t.clock.now, ttlDays: 1 })
    const wrongType = await tokens.signJws('huma-stamp+jws', {
      iss: 'huma',
      size: head.size,
      hash: head.hash,
      at: head.at,
    })
    expect((await auditLog({ ...real, head: async () => ({ ...head, signature: wrongType }) })).ok).toBe(
      false,
    )
  })

  it('catches a rewrite the operator re-signed, once an auditor kept an earlier head', async () => {
    const real = fromUrl(base)
    const kept = await real.head()
    // the operator drops entry 2, re-links the rest and signs a new head with the server's own key
    const all = (await real.entries(1, 500)).entries
    let head = EMPTY_HEAD
    const rewritten = all
      .filter((e) => e.seq !== 2)
      .map((e) => {
        const entry = linkEntry(head, {
          kind: e.kind,
          stamp_id: e.stamp_id,
          content_hash: e.content_hash,
          creator: e.creator,
          at: e.at,
        })
        head = { size: entry.seq, hash: entry.hash, at: entry.at }
        return entry
      })
    const tokens = createTokenService(t.store, { now: () => t.clock.now, ttlDays: 1 })
    const at = new Date(head.at!).toISOString()
    const forged: LogSource = {
      ...real,
      head: async () => ({
        size: head.size,
        hash: head.hash,
        at,
        signature: await tokens.signJws(STAMP_LOG_HEAD_TYPE, {
          iss: 'huma',
          size: head.size,
          hash: head.hash,
          at,
        }),
      }),
      entries: async (from, limit) => ({
        entries: rewritten.filter((e) => e.seq >= from).slice(0, limit),
        next: null,
      }),
    }
    // alone, a consistent rewrite verifies: that is what a kept head is for
    expect((await auditLog(forged)).ok).toBe(true)
    expect(await auditLog(forged, kept)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('shrank'),
    })
    const earlier = { size: 2, hash: all[1]!.hash }
    expect(await auditLog(forged, earlier)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('rewritten'),
    })
    expect((await auditLog(real, earlier)).ok).toBe(true)
  })
})

describe('huma stamps verify-log', () => {
  /** the CLI, asynchronously (a synchronous spawn would stall the server this test runs) */
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/huma.mjs'), 'stamps', 'verify-log', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })

  it("verifies a live server's public log with --url, and against a kept head", async () => {
    const head = await (await t.request('/v1/stamps/log/head')).text()
    const file = join(dataDir, 'head.json')
    writeFileSync(file, head)
    const result = await run(['--url', base, '--head', file])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('the stamp log verifies: 4 entries')
  }, 60_000)

  it('verifies the store, then exits 1 naming an altered and then a removed entry', async () => {
    await t.store.close()
    const env = { HUMA_DATA_DIR: dataDir, HUMA_STORE: '' }
    const ok = await run([], env)
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('the stamp log verifies: 4 entries')
    const db = new Database(join(dataDir, 'huma.sqlite'))
    db.prepare('UPDATE stamp_log SET content_hash = ? WHERE seq = 2').run(sha256('something else'))
    const altered = await run([], env)
    expect(altered.code).toBe(1)
    expect(altered.stderr).toContain('entry 2 was altered')
    db.prepare('DELETE FROM stamp_log WHERE seq = 3').run()
    db.close()
    const removed = await run(['--json'], env)
    expect(removed.code).toBe(1)
    expect(JSON.parse(removed.stdout)).toMatchObject({ ok: false })
  }, 60_000)
})

function linkHash(prev: string, e: StampLogEntry): string {
  return linkEntry({ size: e.seq - 1, hash: prev, at: null }, e).hash
}
