/**
 * How well replay detection (the exact digest and the near-duplicate bands the verify route remembers,
 * server/verify/scorer.ts) does on recorded people: `tsx tools/replay-measure.ts [--data DIR] [--variants N]`,
 * and test/replay-fingerprint.test.ts.
 *
 * - Variants: windows of recorded people, each edited as a replayer would (pixel and millisecond jitter,
 *   samples dropped, swapped or duplicated, scaled in space or time, moved); a variant *passes* when it
 *   shares no band with its original, i.e. would not be caught.
 * - Collisions: every window of every recorded person fingerprinted once; a collision is two windows of
 *   different sessions sharing a band, i.e. one person called a replay of another.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { decodeSignals, type KeySample, type MoveSample, type Signals } from '../shared/signals.ts'
import { encodeTrace } from '../snippet/trace.ts'
import { NEAR_MATCHES } from '../server/replay/fingerprint.ts'
import { replayDigests } from '../server/replay/service.ts'
import { dataFiles, defaultDataDir, readRecords } from './data.ts'
import { cutWindows } from './windows.ts'

/** Everything the verify route remembers a payload by, as it names them in the store. */
export function remembered(signals: Signals): string[] | null {
  const { exact, near } = replayDigests(signals)
  const all = [...(exact === null ? [] : [`replay:${exact}`]), ...near.map((b) => `near:${b}`)]
  return all.length > 0 ? all : null
}

/** Whether the verify route would call `b` a replay of `a`: the same exact digest, or NEAR_MATCHES bands. */
export function matches(a: readonly string[], b: readonly string[]): boolean {
  const shared = a.filter((d) => b.includes(d))
  return shared.some((d) => d.startsWith('replay:')) || shared.length >= NEAR_MATCHES
}

export interface Window {
  session: string
  signals: Signals
}

/** Windows of `seconds` (up to `perSession` a session) of every recorded person, as the server decodes them. */
export async function humanWindows(dir: string, seconds = 10, perSession = 3): Promise<Window[]> {
  const out: Window[] = []
  for (const file of dataFiles(dir)) {
    for await (const record of readRecords(file)) {
      if (record.label !== 'human') continue
      for (const w of cutWindows(record, seconds, perSession)) {
        const decoded = decodeSignals(encodeTrace(w.events, { viewport: record.screen ?? [1280, 800] }))
        if (decoded.ok)
          out.push({ session: `${record.source}/${record.session_id}`, signals: decoded.signals })
      }
    }
  }
  return out
}

/** A deterministic random source, so a run can be repeated. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32
}

type Sample = MoveSample | KeySample
const round = (m: MoveSample): MoveSample => [Math.round(m[0]), Math.round(m[1]), Math.round(m[2])]

/**
 * Edits the payload's pointer moves, or its keys when it has too few moves: the samples a replayer of
 * that payload would edit.
 */
function editSamples(s: Signals, edit: (samples: Sample[]) => Sample[]): Signals {
  return s.moves.length >= 2
    ? { ...s, moves: edit(s.moves) as MoveSample[] }
    : { ...s, keys: edit(s.keys) as KeySample[] }
}
const jitterMs = (t: number, r: () => number) => Math.max(0, t + Math.round(r() * 2 - 1))

/** The edits of issue 15's replayer, each a function of a payload and a random source. */
export const EDITS: Record<string, (s: Signals, random: () => number) => Signals> = {
  'every sample jittered by up to 1 px (keys: 1 ms)': (s, r) => ({
    ...s,
    moves: s.moves.map(([t, x, y]) => [t, x + Math.round(r() * 2 - 1), y + Math.round(r() * 2 - 1)]),
    keys: s.moves.length >= 2 ? s.keys : s.keys.map(([t, k, c]) => [jitterMs(t, r), k, c]),
  }),
  'one sample dropped': (s, r) =>
    editSamples(s, (samples) => {
      const i = Math.floor(r() * samples.length)
      return samples.filter((_, j) => j !== i)
    }),
  'two samples swapped': (s, r) =>
    editSamples(s, (samples) => {
      const out = samples.slice()
      const i = Math.floor(r() * (out.length - 1))
      const [a, b] = [out[i]!, out[i + 1]!]
      out[i] = [a[0], ...b.slice(1)] as Sample
      out[i + 1] = [b[0], ...a.slice(1)] as Sample
      return out
    }),
  'one sample shifted by 1 ms': (s, r) =>
    editSamples(s, (samples) => {
      const i = Math.floor(r() * samples.length)
      return samples.map((m, j) => (j === i ? ([m[0] + 1, ...m.slice(1)] as Sample) : m))
    }),
  'a tenth of the samples duplicated': (s, r) =>
    editSamples(s, (samples) => samples.flatMap((m) => (r() < 0.1 ? [m, m] : [m]))),
  'space scaled by 1-3%': (s, r) => {
    const f = 1 + (0.01 + 0.02 * r()) * (r() < 0.5 ? -1 : 1)
    return { ...s, moves: s.moves.map(([t, x, y]) => round([t, x * f, y * f])) }
  },
  'time scaled by 1-5%': (s, r) => {
    const f = 1 + (0.01 + 0.04 * r()) * (r() < 0.5 ? -1 : 1)
    return {
      ...s,
      moves: s.moves.map(([t, x, y]) => round([t * f, x, y])),
      keys: s.keys.map(([t, k, c]) => [Math.round(t * f), k, c]),
    }
  },
  'moved on screen and 500 ms later': (s) => ({
    ...s,
    moves: s.moves.map(([t, x, y]) => [t + 500, x + 37, y - 21]),
    keys: s.keys.map(([t, k, c]) => [t + 500, k, c]),
  }),
  'all of it: jitter, a drop, a swap, scaled in space and time': (s, r) =>
    [
      'every sample jittered by up to 1 px (keys: 1 ms)',
      'one sample dropped',
      'two samples swapped',
      'space scaled by 1-3%',
      'time scaled by 1-5%',
    ].reduce((edited, name) => EDITS[name]!(edited, r), s),
}

export interface VariantReport {
  /** windows with a fingerprint that were edited */
  originals: number
  variants: number
  /** variants that share no band with their original */
  passed: number
  byEdit: Record<string, { variants: number; passed: number }>
}

/** Windows with the activity of a verify call worth replaying: at least 20 pointer moves and keys. */
export const worthReplaying = (w: Window) => w.signals.moves.length + w.signals.keys.length >= 20

/**
 * `count` variants of windows worth replaying, spread over them; a window without a fingerprint counts
 * its variants as passed (nothing would catch them).
 */
export function measureVariants(windows: Window[], count: number, seed = 15): VariantReport {
  const random = seeded(seed)
  const printable = windows.filter(worthReplaying)
  const names = Object.keys(EDITS)
  const report: VariantReport = { originals: 0, variants: 0, passed: 0, byEdit: {} }
  const perEdit = Math.ceil(count / names.length)
  const picked = Math.min(printable.length, perEdit)
  const step = printable.length / picked
  for (let k = 0; k < picked; k++) {
    const w = printable[Math.floor(k * step)]!
    const bands = remembered(w.signals) ?? []
    report.originals++
    for (const name of names) {
      const edited = remembered(EDITS[name]!(w.signals, random))
      const caught = edited !== null && matches(bands, edited)
      const row = (report.byEdit[name] ??= { variants: 0, passed: 0 })
      row.variants++
      report.variants++
      if (!caught) {
        row.passed++
        report.passed++
      }
    }
  }
  return report
}

export interface CollisionReport {
  windows: number
  fingerprinted: number
  sessions: number
  /** pairs of windows of different sessions that share a band, of which: */
  collisions: number
  /** the very same activity recorded twice in the data (a replay by any definition) */
  identical: number
  /** two sessions under one user or device folder of one source: possibly one person drawing again */
  sameFolder: number
  /** different users, devices or sources: different people, called a replay of each other */
  distinctPeople: number
  examples: string[]
}

/** The user or device folder of a session id (`source/user/session` -> `source/user`). */
const folderOf = (session: string) => session.slice(0, session.lastIndexOf('/'))

export function measureCollisions(windows: Window[]): CollisionReport {
  // candidates share at least one digest or band; a pair collides when the route would call it a replay
  const firstBy = new Map<string, number[]>()
  const digests: (string[] | null)[] = windows.map((w) => remembered(w.signals))
  const pairs = new Map<string, [Window, Window]>()
  let fingerprinted = 0
  digests.forEach((mine, i) => {
    if (!mine) return
    fingerprinted++
    const seen = new Set<number>()
    for (const d of mine) {
      const earlier = firstBy.get(d) ?? []
      for (const j of earlier) {
        if (seen.has(j)) continue
        seen.add(j)
        const [a, b] = [windows[j]!, windows[i]!]
        if (a.session !== b.session && matches(digests[j]!, mine))
          pairs.set([a.session, b.session].sort().join(' ~ '), [a, b])
      }
      earlier.push(i)
      firstBy.set(d, earlier)
    }
  })
  const activity = (w: Window) => JSON.stringify([w.signals.moves, w.signals.keys])
  let identical = 0
  let sameFolder = 0
  const examples: string[] = []
  for (const [name, [a, b]] of pairs) {
    if (activity(a) === activity(b)) identical++
    else if (folderOf(a.session) === folderOf(b.session)) sameFolder++
    else examples.push(name)
  }
  return {
    windows: windows.length,
    fingerprinted,
    sessions: new Set(windows.map((w) => w.session)).size,
    collisions: pairs.size,
    identical,
    sameFolder,
    distinctPeople: examples.length,
    examples: examples.slice(0, 8),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, variants: { type: 'string' } } })
  const dir = values.data ?? defaultDataDir(resolve(import.meta.dirname, '..'))
  const windows = await humanWindows(dir)
  console.log(JSON.stringify(measureCollisions(windows), null, 2))
  console.log(JSON.stringify(measureVariants(windows, Number(values.variants ?? 450)), null, 2))
}
