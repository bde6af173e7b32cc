// Builds the browser snippet only: dist/huma.js (IIFE, minified, for <script>) and dist/huma.mjs (ES module).
import replace from '@rollup/plugin-replace'
import terser from '@rollup/plugin-terser'
import ts from 'typescript'

/**
 * TypeScript to JavaScript, one file at a time (types are checked by `tsc -b`, part of `npm test`).
 * @rollup/plugin-typescript refuses our `.ts` import specifiers when emitting, hence this.
 */
const typescript = () => ({
  name: 'transpile-ts',
  transform(code, id) {
    if (!id.endsWith('.ts')) return null
    const out = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: {
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
        sourceMap: true,
      },
    })
    return { code: out.outputText, map: out.sourceMapText ? JSON.parse(out.sourceMapText) : null }
  },
})

const debugOff = () => replace({ preventAssignment: true, values: { __DEBUG__: 'false' } })

const min = terser({
  ecma: 2020,
  compress: { passes: 3, global_defs: { __DEBUG__: false }, pure_getters: true, unsafe_arrows: true },
  mangle: { properties: false },
  format: { comments: false },
})

export default [
  {
    input: 'snippet/entry.ts',
    output: { file: 'dist/huma.js', format: 'iife', plugins: [min] },
    plugins: [debugOff(), typescript()],
  },
  {
    input: 'snippet/module.ts',
    output: { file: 'dist/huma.mjs', format: 'es', plugins: [min] },
    plugins: [debugOff(), typescript()],
  },
]
