/**
 * npm run eval -- <file.jsonl[.gz]>... [--json] [--window S] [--holdout] [--floor] [--data DIR]
 *   [--sources] [--keys learned|prior] [--drag-margin M] [--forest-seed N]
 *
 * Scores recorded traces through the live path (encode as the snippet does, decode, score).
 * - default: one record = one verify call, scored by the committed model; the snippet's size cap keeps the
 *   latest activity of a long record, as it would in a browser.
 * - --window S: every record is cut into up to 6 windows of S seconds, each one verify call.
 * - --holdout: leave-one-group-out over the data files (default: all of --data) plus generated bots, with
 *   windows of 5, 10 and 30 s: each human source and each bot kind is scored by a model fitted without it.
 * - --perturb: also score every record changed as another recorder or device would (tools/perturb.ts),
 *   reported as groups `<group> [<change>]`; people should stay people. With --holdout: every person's
 *   10 s windows so changed, scored with their held-out person (never trained on).
 * - --sources (with --holdout): also each point-and-click, drag-task and typing source of people held out
 *   whole, with their windows of a single reach or drag.
 * - --keys learned|prior (with --holdout): the typing model to fit, when not the one `npm run train` ships.
 * - --drag-margin M (with --holdout): trust the pointer model's bot evidence on drag windows beyond M log-odds
 *   (the scorer never does: docs/scoring.md), to measure what a margin would do.
 * - --forest-seed N (with --holdout): refit with another seed of the pointer trees' feature draw
 *   (FOREST_SEED in tools/fit.ts ships), to see how much of a figure is the draw's (docs/scoring.md).
 * - --floor: exit 1 when a hold-out figure is below the floors in FLOORS (use with --holdout; CI runs this).
 * Without --json: a table on stdout, and roc.svg, report.md, summary.json in eval-report/.
 * With --json: exactly the summary object on stdout. Progress goes to stderr.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createScorer } from '../server/scoring/index.ts'
import { loadModel } from '../server/scoring/model.ts'
import type { TraceRecord } from './data.ts'
import { dataFiles, defaultDataDir, groupOf, readRecords } from './data.ts'
import { buildSamples } from './dataset.ts'
import { UNSEEN_DESIGNS } from './fit.ts'
import type { KeysChoice, Refit } from './holdout.ts'
import { HELD_GROUP, KEYBOARD_FAMILIES, holdout, sourceHoldout } from './holdout.ts'
import type { Scored, Summary } from './metrics.ts'
import { judgedBy, summarise } from './metrics.ts'
import { toSignals } from './pipeline.ts'
import { PERTURBATIONS } from './perturb.ts'
import { spanTable, table, writeReport } from './report.ts'
import { DATASET, ROOT } from './train.ts'
import { cutWindows } from './windows.ts'

/** The hold-out floors CI enforces (docs/scoring.md). */
export const FLOORS = {
  /**
   * over all judged held-out windows but the keyboard-only families' (measured 0.975 when set, before they
   * were added; the linear model before it: 0.778). Those families are reported with the overall AUC that
   * includes them, and held to their own floors below; no typing model here separates the human-like ones
   * (docs/scoring.md), so counting them would move this floor for a reason the pointer model cannot change.
   */
  auc: 0.96,
  /** every human source, held out by person (judged windows; measured at least 0.996 when set) */
  humanPassRate: 0.99,
  /** naive bot kinds, each held out whole (measured at least 0.975 when set: creep; typing 0.986) */
  naiveBlockRate: 0.97,
  /**
   * generated human-like families, each held out whole (measured at least 0.59 when set: minjerk; 0.58 with
   * the tool families in training and the operating point at 0.6% of people: minjerk)
   */
  humanLikeBlockRate: 0.55,
  /**
   * the families that copy real tools, each held out whole (measured at least 0.48 when set: humancurve,
   * the human-clicker recipe, never trained on; pyautogui 0.95, actionchains 0.97, walk 0.92)
   */
  toolBlockRate: 0.45,
  /**
   * the generated sessions copied with the button held through every movement (tools/bots/held.ts), each
   * held out with its kind: blocked by hard evidence and on their windows that are not drags only, since
   * the pointer model may not lower a drag (measured 0.512 when set; 0.468 with the copies of `smoothed`)
   */
  heldBlockRate: 0.45,
  /**
   * the human-like designs the model never learns from (`UNSEEN_DESIGNS`, tools/fit.ts), so each is
   * always a design it has not seen (measured 0.370 when set: powerlaw; lognormal 0.480; `smoothed`, added
   * later, 0.772)
   */
  unseenDesignBlockRate: 0.35,
}
/** Human sources of pointing and clicking or free use, each held out whole by `--sources`. */
export const POINT_AND_CLICK_SOURCES = [
  'sapimouse',
  'freihaut_lab_pointclick',
  'adserp_sample',
  'balabit',
  'barkworth_desktop_tasks',
]
/** Human sources whose task is a drag (DELBOT's circles), held out whole by `--sources` too; no floor. */
export const DRAG_TASK_SOURCES = ['delbot']
/** Human typing sources, each held out whole by `--sources` (only the typing model learns from them). */
export const TYPING_SOURCES = [
  'aalto_keystrokes',
  'pohmm_fixed_text',
  'pohmm_free_text',
  'pohmm_keypad',
  'pohmm_mobile',
]
const NAIVE = [
  'generated/keyrate',
  'generated/line',
  'generated/teleport',
  'generated/typing',
  'generated/cdp',
  'generated/tween',
  'generated/creep',
]
const HUMAN_LIKE = [
  'generated/bezier',
  'generated/minjerk',
  'generated/ghost',
  'generated/spline',
  'generated/wind',
  'generated/spring',
  'generated/overshoot',
  'generated/interp',
  'generated/retimed',
]

const TOOLS = ['generated/pyautogui', 'generated/humancurve', 'generated/actionchains', 'generated/walk']

function checkFloors(s: Summary, auc: number | null): string[] {
  const fails: string[] = []
  if ((auc ?? 0) < FLOORS.auc) fails.push(`AUC without the keyboard-only families ${auc} < ${FLOORS.auc}`)
  for (const [g, v] of Object.entries(s.groups)) {
    if (g.endsWith('/human') && v.pass_rate < FLOORS.humanPassRate)
      fails.push(`${g} passed ${v.pass_rate} < ${FLOORS.humanPassRate}`)
    if (NAIVE.includes(g) && 1 - v.pass_rate < FLOORS.naiveBlockRate)
      fails.push(`${g} blocked ${1 - v.pass_rate} < ${FLOORS.naiveBlockRate}`)
    if (HUMAN_LIKE.includes(g) && 1 - v.pass_rate < FLOORS.humanLikeBlockRate)
      fails.push(`${g} blocked ${1 - v.pass_rate} < ${FLOORS.humanLikeBlockRate}`)
    if (TOOLS.includes(g) && 1 - v.pass_rate < FLOORS.toolBlockRate)
      fails.push(`${g} blocked ${1 - v.pass_rate} < ${FLOORS.toolBlockRate}`)
    if (UNSEEN_DESIGNS.includes(g) && 1 - v.pass_rate < FLOORS.unseenDesignBlockRate)
      fails.push(`${g} blocked ${1 - v.pass_rate} < ${FLOORS.unseenDesignBlockRate}`)
    if (g === HELD_GROUP && 1 - v.pass_rate < FLOORS.heldBlockRate)
      fails.push(`${g} blocked ${1 - v.pass_rate} < ${FLOORS.heldBlockRate}`)
  }
  return fails
}

async function scoreFiles(
  files: string[],
  window: number | undefined,
  perturb: boolean,
  progress: (m: string) => void,
): Promise<Scored[]> {
  const score = createScorer(loadModel())
  const scored: Scored[] = []
  const one = (r: TraceRecord, call: TraceRecord, group: string) => {
    const signals = toSignals(call)
    const span = (call.events[call.events.length - 1]?.t_ms ?? 0) - (call.events[0]?.t_ms ?? 0)
    const result = score(signals)
    scored.push({
      group,
      human: r.label === 'human',
      span,
      confidence: result.confidence,
      judged: judgedBy(result.reasons),
    })
  }
  const calls = (r: TraceRecord, group: string) => {
    if (window) for (const w of cutWindows(r, window, 6)) one(r, w, group)
    else one(r, r, group)
  }
  for (const file of files) {
    progress(`scoring ${file}`)
    let n = 0
    for await (const r of readRecords(file)) {
      calls(r, groupOf(r))
      if (perturb)
        for (const [name, change] of Object.entries(PERTURBATIONS))
          calls(change(r), `${groupOf(r)} [${name}]`)
      if (++n % 500 === 0) progress(`  ${n} records`)
    }
  }
  return scored
}

function parseMargin(value: string): number {
  const m = Number(value)
  if (value.trim() !== '' && m >= 0) return m
  throw new Error(`--drag-margin must be a number of log-odds, 0 or more, not ${value.slice(0, 40)}`)
}

function parseSeed(value: string): number {
  const n = Number(value)
  if (value.trim() !== '' && Number.isInteger(n) && n >= 0) return n
  throw new Error(`--forest-seed must be a whole number, 0 or more, not ${value.slice(0, 40)}`)
}

function parseKeys(value: string): KeysChoice {
  if (value === 'learned' || value === 'prior') return value
  throw new Error(`--keys must be learned or prior, not ${value.slice(0, 40)}`)
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      window: { type: 'string' },
      holdout: { type: 'boolean', default: false },
      floor: { type: 'boolean', default: false },
      perturb: { type: 'boolean', default: false },
      sources: { type: 'boolean', default: false },
      data: { type: 'string' },
      keys: { type: 'string' },
      'drag-margin': { type: 'string' },
      'forest-seed': { type: 'string' },
    },
  })
  const progress = (m: string) => process.stderr.write(m + '\n')
  const window = values.window ? Number(values.window) : undefined
  let scored: Scored[]
  if (values.holdout) {
    const dataDir = values.data ? resolve(values.data) : defaultDataDir(ROOT)
    const changes = values.perturb ? { changes: PERTURBATIONS } : {}
    // the options are read before the samples are built, so a bad one fails at once
    const refit: Refit = {
      ...(values.keys === undefined ? {} : { keys: parseKeys(values.keys) }),
      ...(values['forest-seed'] === undefined ? {} : { forestSeed: parseSeed(values['forest-seed']) }),
    }
    const scorer =
      values['drag-margin'] === undefined ? {} : { dragMargin: parseMargin(values['drag-margin']) }
    const samples = await buildSamples({ dataDir, ...DATASET, ...changes, progress })
    scored = holdout(samples, progress, refit, scorer)
    if (values.sources)
      scored.push(
        ...sourceHoldout(
          samples,
          [...POINT_AND_CLICK_SOURCES, ...DRAG_TASK_SOURCES, ...TYPING_SOURCES],
          progress,
          refit,
          scorer,
        ),
      )
  } else {
    const files = positionals.length
      ? positionals
      : dataFiles(values.data ? resolve(values.data) : defaultDataDir(ROOT))
    scored = await scoreFiles(files, window, values.perturb, progress)
  }
  const summary = summarise(scored)
  const floorAuc = summarise(scored.filter((s) => !KEYBOARD_FAMILIES.has(s.group))).overall.auc
  if (values.json) process.stdout.write(JSON.stringify(summary) + '\n')
  else {
    console.log(table(summary))
    console.log(`\nAUC without the keyboard-only families (the floor's): ${floorAuc ?? '-'}`)
    console.log('\n' + spanTable(scored))
    const dir = resolve(ROOT, 'eval-report')
    writeReport(dir, summary, scored, `npm run eval -- ${process.argv.slice(2).join(' ')}`)
    console.log(`\nreport written to ${dir}`)
  }
  if (values.floor) {
    const fails = checkFloors(summary, floorAuc)
    for (const f of fails) progress(`below floor: ${f}`)
    if (fails.length) process.exit(1)
    progress('all hold-out floors met')
  }
}

await main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(2)
})
