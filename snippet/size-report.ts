/** Prints raw, gzip and brotli sizes of the built snippet (run by `npm run build`). */
import { existsSync, readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** The gzip budget of dist/huma.js in bytes; test/snippet-size.test.ts fails the test run above it. */
export const GZIP_BUDGET = 3072

export function sizes(file: string): { raw: number; gzip: number; brotli: number } {
  const code = readFileSync(file)
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of ['dist/huma.js', 'dist/huma.mjs']) {
    if (!existsSync(file)) {
      console.error(`${file} is missing: run rollup -c rollup.config.mjs`)
      process.exitCode = 1
      continue
    }
    const { raw, gzip, brotli } = sizes(file)
    const budget = file === 'dist/huma.js' ? `  (budget ${GZIP_BUDGET} gzip)` : ''
    console.log(`${file.padEnd(14)} ${raw} B raw, ${gzip} B gzip, ${brotli} B brotli${budget}`)
  }
}
