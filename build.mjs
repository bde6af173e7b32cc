// `npm run build`, and the first step of `npm start`, `npm test` and the CLI: builds what is stale and
// nothing else. Each target is rebuilt only when the content of its inputs changed since its last
// build (a hash kept in dist/.build-state.json), so a start after the first install does no work here.
//
//   snippet  dist/huma.js, dist/huma.mjs   rollup (rollup.config.mjs)
//   client   sdk/dist                     the `huma` package: ESM + CommonJS + .d.ts (sdk/build.mjs)
//   server   dist/server.mjs              what `npm start` runs: the server as one file, no TypeScript loader
//   cli      dist/cli.mjs                 the admin CLI as one file, so a call starts in well under a second
//
// `node build.mjs [target...]` builds those targets (default: all); `--force` ignores the hashes.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = import.meta.dirname
const STATE = join(ROOT, 'dist', '.build-state.json')

/** Every file under these paths (build output and dependencies left out), in a stable order. */
function files(paths) {
  const found = []
  const walk = (path) => {
    const entries = readdirSync(path, { withFileTypes: true })
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue
      const full = join(path, entry.name)
      if (entry.isDirectory()) walk(full)
      else found.push(full)
    }
  }
  for (const path of paths.map((p) => join(ROOT, p))) {
    if (!existsSync(path)) continue
    if (statSync(path).isDirectory()) walk(path)
    else found.push(path)
  }
  return found
}

function hashOf(paths) {
  const hash = createHash('sha256')
  for (const file of files(paths)) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file))
  return hash.digest('hex')
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`)
}

/** esbuild: every module keeps its own import.meta.url, so files found next to the source still are. */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      loader: 'ts',
      contents: readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
    }))
  },
}

export const TARGETS = {
  snippet: {
    inputs: ['snippet/', 'shared/', 'rollup.config.mjs'],
    outputs: ['dist/huma.js', 'dist/huma.mjs'],
    build() {
      run(join(ROOT, 'node_modules/.bin/rollup'), ['-c', 'rollup.config.mjs', '--silent'])
      run(process.execPath, ['--import', 'tsx', 'snippet/size-report.ts'])
    },
  },
  client: {
    inputs: ['sdk/', 'sdk/package.json'],
    outputs: ['sdk/dist/esm/node.js', 'sdk/dist/cjs/node.js'],
    build: () => run(process.execPath, ['sdk/build.mjs']),
  },
  server: {
    inputs: ['server/', 'shared/', 'build.mjs'],
    outputs: ['dist/server.mjs'],
    build: () => bundle('server/main.ts', 'dist/server.mjs'),
  },
  cli: {
    inputs: ['server/', 'shared/', 'build.mjs'],
    outputs: ['dist/cli.mjs'],
    build: () => bundle('server/cli/main.ts', 'dist/cli.mjs'),
  },
}

/**
 * One file of our code with the packages left as imports. Written aside and renamed, so processes
 * starting at that moment (tests running the CLI at once) never import a half-written file.
 */
async function bundle(entry, outfile) {
  const { build } = await import('esbuild')
  const aside = join(ROOT, `${outfile}.${process.pid}`)
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile: aside,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [keepImportMetaUrl],
    banner: { js: `// Built by build.mjs from ${entry}: edit that, not this.` },
    logLevel: 'warning',
  })
  renameSync(aside, join(ROOT, outfile))
}

/** Builds the given targets that are stale; returns the names of those it built. */
export async function buildStale(names = Object.keys(TARGETS), { force = false, quiet = false } = {}) {
  const state = existsSync(STATE) ? JSON.parse(readFileSync(STATE, 'utf8')) : {}
  const built = []
  for (const name of names) {
    const target = TARGETS[name]
    if (!target)
      throw new Error(`unknown build target ${JSON.stringify(name)}: ${Object.keys(TARGETS).join(', ')}`)
    const hash = hashOf(target.inputs)
    const fresh = state[name] === hash && target.outputs.every((out) => existsSync(join(ROOT, out)))
    if (fresh && !force) continue
    if (!quiet) process.stderr.write(`build: ${name}\n`)
    await target.build()
    state[name] = hash
    mkdirSync(join(ROOT, 'dist'), { recursive: true })
    writeFileSync(`${STATE}.${process.pid}`, JSON.stringify(state, null, 2) + '\n')
    renameSync(`${STATE}.${process.pid}`, STATE)
    built.push(name)
  }
  return built
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const names = args.filter((a) => !a.startsWith('--'))
  await buildStale(names.length ? names : undefined, { force: args.includes('--force') })
}
