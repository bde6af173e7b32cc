/**
 * Training and hold-out samples: every record (recorded and generated) cut into windows, each window
 * encoded as the snippet would send it and decoded as the server does. Features are computed from the
 * decoded signals only, so training sees exactly what production sees.
 */
import type { Signals } from '../shared/signals.ts'
import { extractFeatures } from '../server/scoring/index.ts'
import type { TraceRecord } from './data.ts'
import { dataFiles, groupOf, personOf, readRecords } from './data.ts'
import { generateBots, rhythmsOf, schedulesOf, type KeyRhythm, type PressSchedule } from './bots/index.ts'
import { heldCopy } from './bots/held.ts'
import { recorderVariant } from './augment.ts'
import { shapeWindows, type Shape } from './shapes.ts'
import { toSignals } from './pipeline.ts'
import { allWindows, pressWindows } from './windows.ts'

export interface Sample {
  /** `source/bot_kind` or `source/human` */
  group: string
  source: string
  /** who made it: a person (held out together) or, for bots, one generated or recorded run */
  person: string
  human: boolean
  /** ms from the window's first to its last event */
  span: number
  /** a recorder variant of a record (tools/augment.ts): trained on, never scored by the evaluation */
  augmented: boolean
  /**
   * a window of one movement (tools/shapes.ts): a single reach, of people and bots, is trained on like any
   * window; a person's single drag is scored by the evaluation, never trained on
   */
  shape?: Shape
  /** a generated session copied with the button held (tools/bots/held.ts): scored apart, never trained on */
  held?: boolean
  /**
   * a person's record as another recorder or device would have made it (`DatasetOptions.changes`, named as
   * in tools/perturb.ts): scored with its person, never trained on
   */
  change?: string
  signals: Signals
  features: Map<string, number>
}

/** Single-movement windows taken from each record, of each shape. */
const SHAPES_PER_RECORD = 2
/** The length of the windows scored under a change of recorder or device, s (as `eval --perturb --window 10`). */
const CHANGED_SECONDS = 10

export interface DatasetOptions {
  dataDir: string
  /** windows of each length taken from one record at most */
  windowsPerRecord: number
  /** generated traces per bot family */
  botsPerFamily: number
  seed: number
  /**
   * changes of recorder or device (tools/perturb.ts) to apply to every person's pointer record: its 10 s
   * windows so changed are scored (eval --holdout --perturb), never trained on
   */
  changes?: Readonly<Record<string, (r: TraceRecord) => TraceRecord>>
  progress?: (message: string) => void
}

export function toSample(r: TraceRecord, window: TraceRecord, augmented = false): Sample | null {
  const signals = toSignals(window)
  if (!signals) return null
  const span = (window.events[window.events.length - 1]?.t_ms ?? 0) - (window.events[0]?.t_ms ?? 0)
  return {
    group: groupOf(r),
    source: r.source,
    person: personOf(r),
    human: r.label === 'human',
    span,
    augmented,
    ...(r.held ? { held: true } : {}),
    signals,
    features: extractFeatures(signals),
  }
}

/** A record and its recorder variant (tools/augment.ts; none for some records), with whether it is the variant. */
export function withVariant(r: TraceRecord, index: number): [TraceRecord, boolean][] {
  const variant = recorderVariant(r, index)
  return variant
    ? [
        [r, false],
        [variant, true],
      ]
    : [[r, false]]
}

/**
 * Every record of the data files, one at a time (Balabit alone is millions of events), then the generated
 * bots, which replay the press schedules of the recorded people (only their way of moving differs) and
 * their key rhythms (`keyreplay` replays them with the order of the keys broken), then the copies of some
 * of them made with the button held (tools/bots/held.ts: evaluation only).
 */
export async function eachRecord(
  opts: Pick<DatasetOptions, 'dataDir' | 'botsPerFamily' | 'seed' | 'progress'>,
  add: (r: TraceRecord) => void,
): Promise<void> {
  const schedules: PressSchedule[] = []
  const rhythms: KeyRhythm[] = []
  for (const file of dataFiles(opts.dataDir)) {
    opts.progress?.(`reading ${file}`)
    for await (const r of readRecords(file)) {
      add(r)
      if (r.label === 'human') schedules.push(...schedulesOf([r]))
      if (r.label === 'human') rhythms.push(...rhythmsOf([r]))
    }
  }
  // the copies made with the button held come last, so every other record keeps its place (and its variant)
  const held: TraceRecord[] = []
  for (const r of generateBots(opts.botsPerFamily, opts.seed, schedules, rhythms)) {
    add(r)
    const copy = heldCopy(r)
    if (copy) held.push(copy)
  }
  held.forEach(add)
}

/** All samples of the data files and the generated bots. */
export async function buildSamples(opts: DatasetOptions): Promise<Sample[]> {
  const samples: Sample[] = []
  let index = 0
  await eachRecord(opts, (r) => {
    for (const [record, augmented] of withVariant(r, index++)) {
      for (const w of allWindows(record, opts.windowsPerRecord)) {
        const s = toSample(r, w, augmented)
        if (s) samples.push(s)
      }
    }
    if (r.label === 'human' && r.events.some((e) => e.type === 'mousemove'))
      for (const [name, change] of Object.entries(opts.changes ?? {}))
        for (const w of pressWindows(change(r), CHANGED_SECONDS, opts.windowsPerRecord)) {
          const s = toSample(r, w)
          if (s) samples.push({ ...s, change: name })
        }
    // single reaches of people and bots; single drags of people (a held-button copy's are its kind's drags)
    if (r.held) return
    for (const [shape, w] of shapeWindows(r, SHAPES_PER_RECORD)) {
      if (r.label !== 'human' && shape !== 'one reach') continue
      const s = toSample(r, w)
      if (s) samples.push({ ...s, shape })
    }
  })
  opts.progress?.(`${samples.length} windows in all`)
  return samples
}
