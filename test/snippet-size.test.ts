import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GZIP_BUDGET, sizes } from '../snippet/size-report.ts'

describe('snippet size budget', () => {
  it(`keeps dist/huma.js within ${GZIP_BUDGET} bytes gzip`, () => {
    expect(existsSync('dist/huma.js'), 'dist/huma.js is missing: run npm run build').toBe(true)
    expect(sizes('dist/huma.js').gzip).toBeLessThanOrEqual(GZIP_BUDGET)
  })

  it('ships no zod and no debug code', async () => {
    const { readFileSync } = await import('node:fs')
    for (const file of ['dist/huma.js', 'dist/huma.mjs']) {
      const code = readFileSync(file, 'utf8')
      expect(code).not.toMatch(/zod|ZodError|safeParse/)
      expect(code).not.toMatch(/console\.|__DEBUG__/)
    }
  })
})
