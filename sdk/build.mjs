// Builds the published client: dist/esm (ES modules) and dist/cjs (CommonJS), each with its .d.ts.
// TypeScript's own emitter, once per module format; `.ts` import specifiers become `.js`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

const here = import.meta.dirname
const entries = ['node.ts', 'guard.ts', 'hono.ts'].map((file) => join(here, file))

const common = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  declaration: true,
  rewriteRelativeImportExtensions: true,
  skipLibCheck: true,
  newLine: ts.NewLineKind.LineFeed,
}

const formats = {
  esm: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
  cjs: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
}

rmSync(join(here, 'dist'), { recursive: true, force: true })
let failed = false
for (const [name, options] of Object.entries(formats)) {
  const outDir = join(here, 'dist', name)
  const program = ts.createProgram(entries, { ...common, ...options, outDir, rootDir: here })
  const emitted = program.emit()
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]
  for (const d of diagnostics) {
    const where = d.file
      ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
      : ''
    console.error(`${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
  }
  failed ||= diagnostics.length > 0
  mkdirSync(outDir, { recursive: true })
  // Node reads dist/cjs/*.js as CommonJS only with this marker (the package itself is "type": "module").
  if (name === 'cjs') writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n')
}
if (failed) process.exit(1)
