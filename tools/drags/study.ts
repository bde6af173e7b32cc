/**
 * npx tsx tools/drags/study.ts [WINDOWS.json] [--features pointer|drag|invariant|all] [--fail 0.005]
 *   [--whole] [--min-events 8]: could a forest made for drag windows lower scripted drags' scores while
 * people's drags pass? On the windows of tools/drags/windows.ts (run it first):
 * - by person and bot kind: five folds, each holding out a fifth of the people of every source and a fifth
 *   of the bot kinds whole, scored by a forest fitted without them;
 * - each human source held out whole (with `--whole`, its bots too: its task never seen at all).
 * Each forest's operating point is set as the pointer model's is (tools/fit.ts), on out-of-fold scores of
 * its own training people: the score below which `--fail` of them fall, in every source with 10 windows or
 * more and pooled, the strictest. Prints the share of each group's windows that pass (people) or are
 * blocked (bots) at that operating point and at more lenient ones (MARGINS), and the AUC of score minus
 * operating point. People's level single drags (|dy| / chord < 0.15: a slider's shape) are reported apart
 * as `level`, and bots' windows that hard evidence does not already cap as `no hard evidence` (what a drag
 * model would add). `--min-events N` keeps only windows of N pointer events or more, fitted and scored
 * (under 32 the scorer answers TOO_FEW_EVENTS unless the evidence is strong, so from 32 on a verdict is
 * given either way).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { predictForest } from '../../server/scoring/forest.ts'
import { EVALUATION_ONLY_KINDS, FLAG_ONLY_KINDS, SOURCE_POWER } from '../fit.ts'
import type { GbtOptions } from '../gbt/index.ts'
import { fitForest } from '../gbt/index.ts'
import { auc } from '../metrics.ts'
import type { DragWindow, DragWindows } from './windows.ts'

/** Features that do not depend on the drag's shape (its direction, straightness, turning): a task's. */
export const INVARIANT = [
  'drag.logPressToMove',
  'drag.logMoveToRelease',
  'drag.logHold',
  'drag.pauseShare',
  'drag.peakAt',
  'drag.roughness',
  'drag.endSpeedRatio',
  'drag.speedCv',
  'drag.peaksPerSecond',
  'timing.dtIrregularity',
  'timing.creepShare',
  'kinematics.logSpeed',
  'kinematics.speedQ90OverMedian',
  'kinematics.accelOverSpeed',
  'kinematics.jerkOverAccel',
  'kinematics.steadyShare',
  'kinematics.smoothResidual',
  'velocity.speedReversalShare',
  'noise.noiseSpeedCoupling',
  'steps.zeroStepShare',
  'steps.unitStepShare',
  'steps.logSameStepRun',
  'steps.distinctStepShare',
]
/** Fewer windows than the pointer model has: a smaller forest. */
const DRAG_GBT: Partial<GbtOptions> = {
  rounds: 150,
  learningRate: 0.06,
  maxLeaves: 15,
  minLeaf: 20,
  l2: 1,
  bins: 64,
}
const FOLDS = 5
const INNER_FOLDS = 3
const MIN_SOURCE_WINDOWS = 10
const LEVEL_SLOPE = 0.15
/** Log-odds by which the operating point is also made more lenient, each reported in a column of its own. */
const MARGINS = [0, 0.5, 1, 2, 3]

const { values, positionals } = parseArgs({
  options: {
    features: { type: 'string', default: 'all' },
    fail: { type: 'string', default: '0.005' },
    whole: { type: 'boolean', default: false },
    'min-events': { type: 'string', default: '8' },
  },
  allowPositionals: true,
})
const fail = Number(values.fail)
const data = JSON.parse(readFileSync(positionals[0] ?? '/tmp/drag-windows.json', 'utf8')) as DragWindows
const used = data.names.map((n) => {
  if (n === 'drag.slope') return false // reported on, never learned from
  if (values.features === 'invariant') return INVARIANT.includes(n)
  if (values.features === 'drag') return n.startsWith('drag.')
  if (values.features === 'pointer') return !n.startsWith('drag.')
  return true
})
const slopeAt = data.names.indexOf('drag.slope')
const minEvents = Number(values['min-events'])
const rows = data.windows.filter(
  (w) => !FLAG_ONLY_KINDS.has(w.group) && !EVALUATION_ONLY_KINDS.has(w.group) && w.events >= minEvents,
)
const X = rows.map((w) =>
  Float64Array.from(
    w.x.filter((_, i) => used[i]),
    (v) => v ?? NaN,
  ),
)
const kinds = [...new Set(rows.filter((w) => !w.human).map((w) => w.group))].sort()
const foldOf = (w: DragWindow, k: number) => (w.human ? w.person % k : kinds.indexOf(w.group) % k)
const keyOf = (w: DragWindow) => (w.human ? `${w.source}/human` : w.group)

/** Classes weigh the same; within a class each group's windows weigh 1 / n^SOURCE_POWER (tools/fit.ts). */
function weightsOf(idx: number[]): number[] {
  const per = new Map<string, number>()
  for (const i of idx) per.set(keyOf(rows[i]!), (per.get(keyOf(rows[i]!)) ?? 0) + 1)
  const raw = idx.map((i) => per.get(keyOf(rows[i]!))! ** -SOURCE_POWER)
  const total = [0, 0]
  idx.forEach((i, j) => (total[rows[i]!.human ? 1 : 0]! += raw[j]!))
  return raw.map((w, j) => (w * idx.length) / 2 / total[rows[idx[j]!]!.human ? 1 : 0]!)
}

const fit = (idx: number[]) =>
  fitForest(
    idx.map((i) => X[i]!),
    idx.map((i) => (rows[i]!.human ? 1 : 0)),
    weightsOf(idx),
    DRAG_GBT,
  )

/** A forest on `idx` and its operating point (raw score), set on inner out-of-fold scores of its people. */
function fitWithOperatingPoint(idx: number[]) {
  const inner = idx.map((i) => foldOf(rows[i]!, INNER_FOLDS))
  const oof = new Map<number, number>()
  for (let f = 0; f < INNER_FOLDS; f++) {
    const forest = fit(idx.filter((_, j) => inner[j] !== f))
    idx.forEach((i, j) => inner[j] === f && oof.set(i, predictForest(forest, X[i]!)))
  }
  const scores = new Map<string, number[]>()
  for (const i of idx) {
    const w = rows[i]!
    if (!w.human || w.augmented) continue
    for (const key of ['all', w.source]) scores.set(key, [...(scores.get(key) ?? []), oof.get(i)!])
  }
  let threshold = Infinity
  for (const list of scores.values()) {
    if (list.length < MIN_SOURCE_WINDOWS) continue
    list.sort((a, b) => a - b)
    threshold = Math.min(threshold, list[Math.floor(fail * (list.length - 1))]!)
  }
  return { forest: fit(idx), threshold }
}

/** Scored windows: the window and its score minus the operating point (>= 0 passes). */
type Scored = [DragWindow, number]

function print(title: string, scored: Scored[]) {
  const groups = new Map<string, number[]>()
  for (const [w, margin] of scored) {
    const key = keyOf(w) + (w.single ? ' [one drag]' : '')
    const keys = [key]
    if (w.human && w.single && (w.x[slopeAt] ?? 1) < LEVEL_SLOPE) keys.push(`${key} level`)
    if (!w.human && !w.capped) keys.push(`${key} no hard evidence`)
    for (const k of keys) groups.set(k, [...(groups.get(k) ?? []), margin])
  }
  const people = scored.filter(([w]) => w.human).map(([, m]) => m)
  const bots = scored.filter(([w]) => !w.human).map(([, m]) => m)
  const a = auc(people, bots)?.toFixed(3) ?? '-'
  console.log(
    `\n${title} (features ${values.features}, operating point at ${fail} of people, windows of ${minEvents} events or more; AUC ${a})`,
  )
  console.log(`${'group: % of people passing / of bots blocked'.padEnd(62)} at margins ${MARGINS.join(', ')}`)
  for (const [key, margins] of [...groups].sort(([x], [y]) => x.localeCompare(y))) {
    const human = key.includes('/human')
    const rates = MARGINS.map((lenient) => {
      const pass = margins.filter((m) => m + lenient >= 0).length / margins.length
      return (100 * (human ? pass : 1 - pass)).toFixed(1).padStart(6)
    })
    console.log(`${key.padEnd(56)} ${String(margins.length).padStart(5)} ${rates.join('')}`)
  }
}

const all = rows.map((_, i) => i)
const byFold: Scored[] = []
for (let f = 0; f < FOLDS; f++) {
  const { forest, threshold } = fitWithOperatingPoint(all.filter((i) => foldOf(rows[i]!, FOLDS) !== f))
  for (const i of all)
    if (foldOf(rows[i]!, FOLDS) === f && !rows[i]!.augmented)
      byFold.push([rows[i]!, predictForest(forest, X[i]!) - threshold])
  console.error(`fold ${f + 1}/${FOLDS}`)
}
print('held out by person and bot kind', byFold)

const sources = [...new Set(rows.filter((w) => w.human).map((w) => w.source))].sort()
const bySource: Scored[] = []
for (const source of sources) {
  const out = (w: DragWindow) => w.source === source && (w.human || values.whole)
  const { forest, threshold } = fitWithOperatingPoint(all.filter((i) => !out(rows[i]!)))
  for (const i of all)
    if (rows[i]!.human && rows[i]!.source === source && !rows[i]!.augmented)
      bySource.push([rows[i]!, predictForest(forest, X[i]!) - threshold])
  console.error(`held out ${source}`)
}
print(`each source's people held out whole${values.whole ? ', with its bots' : ''}`, bySource)
