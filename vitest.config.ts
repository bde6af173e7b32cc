import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // `huma/node`, `huma/guard`, `huma/hono` resolve to the client's TypeScript source here (the package's
  // `huma-source` condition), so tests see an edit without a build; test/sdk-package.test.ts tests the build.
  ssr: { resolve: { conditions: ['huma-source', ...defaultServerConditions] } },
  test: {
    include: [
      'test/**/*.test.ts',
      'server/**/*.test.ts',
      'snippet/**/*.test.ts',
      'sdk/**/*.test.ts',
      'tools/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'sdk/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
