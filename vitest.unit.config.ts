/**
 * `npm run test:unit`: the inner loop, under a minute. The whole suite minus the files that start
 * servers in child processes, drive Chromium, soak, fuzz at length or build packages; `npm test` runs
 * every file (vitest.config.ts).
 */
import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.ts'

/** The slow files, each several seconds or more (measured with `npx vitest run`). */
export const SLOW = [
  'test/soak.test.ts',
  'test/bench-smoke.test.ts',
  'test/cli.test.ts',
  'test/trust-cli.test.ts',
  'test/slow-clients.test.ts',
  'test/store-embedded.test.ts',
  'test/browser.test.ts',
  'test/multi-instance.test.ts',
  'test/replay-fingerprint.test.ts',
  'test/sdk-package.test.ts',
  'test/crash-safety.test.ts',
  'test/fuzz-signals.test.ts',
  'test/secrets-at-rest.test.ts',
  'test/training-determinism.test.ts',
  'test/example.test.ts',
  'test/integration-guides.test.ts',
  'test/fuzz-verify.test.ts',
  'test/scoring-tools.test.ts',
  'test/*-browser.test.ts',
  'test/admin-dashboard.test.ts',
  'test/admin-checks.test.ts',
  'test/webhook-crash.test.ts',
  'test/webhook-receivers.test.ts',
  'test/hosted-cli.test.ts',
  'test/idv-cli.test.ts',
  'test/idv-model.test.ts',
  'test/stamps-log.test.ts',
  'tools/**/*.test.ts',
]

// one module graph per worker instead of one per file: the files import the same app, and
// transforming it again for each file was most of the time (none of them mocks modules)
export default mergeConfig(base, defineConfig({ test: { exclude: SLOW, isolate: false } }))
