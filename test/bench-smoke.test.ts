/**
 * The benchmark still runs end to end (its figures are for `npm run bench`, not checked here). It drives
 * the servers with wrk (Debian's wrk package); without it the test is skipped loudly, or fails when
 * HUMA_REQUIRE_WRK=1.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './helpers/processes.ts'

const available = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined
if (!available) {
  const message = '\n*** wrk is not on PATH: the bench smoke test is SKIPPED (apt-get install wrk) ***\n'
  if (process.env.HUMA_REQUIRE_WRK === '1') throw new Error(message)
  console.warn(message)
}

describe.skipIf(!available)('npm run bench -- --smoke', () => {
  it('measures every part and writes RESULTS.md and results.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'huma-bench-smoke-'))
    try {
      const run = spawnSync(
        join(ROOT, 'node_modules/.bin/tsx'),
        ['bench/main.ts', '--smoke', '--skip', 'redis,browser', '--out', out],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 180_000,
        },
      )
      expect(run.status, run.stderr).toBe(0)
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
        verify: { name: string; rps: number; non2xx: number; errors: number }[]
        scoring: { medianUs: number }[]
        parts: { name: string; rps: number; failed: number }[]
      }
      // the ceiling, the 10 and 30 s payloads, and the 10 s payload with every request a new visitor
      expect(results.verify).toHaveLength(4)
      // (its name says so when its pool of payloads ran out before the run's end)
      expect(results.verify[3]!.name).toMatch(
        /^Huma verify, embedded store, 10 s payload, every request a new visitor/,
      )
      for (const row of results.verify) {
        expect(row.rps).toBeGreaterThan(0)
        expect(row.non2xx + row.errors).toBe(0)
      }
      expect(results.scoring.map((s) => s.medianUs > 0)).toEqual([true, true, true])
      // verify with a fixed score, and with scoring but no replay check: both answered, every call 2xx
      expect(results.parts.map((p) => p.rps > 0 && p.failed === 0)).toEqual([true, true])
      const markdown = readFileSync(join(out, 'RESULTS.md'), 'utf8')
      expect(markdown).toContain('## Targets')
      expect(markdown).toContain('## What a verify request costs, by part')
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 200_000)
})
