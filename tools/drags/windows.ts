/**
 * npx tsx tools/drags/windows.ts [OUT.json] [--data DIR]: the drag study's windows. Every window of every
 * record (recorded and generated, and each record's recorder variant, as training cuts them) in which most
 * moves are made with a button held (approach.dragShare >= DRAG_SHARE), and every single-drag window
 * (tools/shapes.ts, up to 6 a record, of bots too: a slider attack is one drag), with the pointer features
 * and the drag study's (features.ts). Written outside the repository (default /tmp/drag-windows.json):
 * features and labels only, no event, and people named by a hash.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { automationFindings } from '../../server/scoring/automation.ts'
import { DRAG_SHARE, HUMAN_THRESHOLD, extractFeatures } from '../../server/scoring/index.ts'
import { framesOf } from '../../server/scoring/normalise.ts'
import { prepare } from '../../server/scoring/strokes.ts'
import type { TraceRecord } from '../data.ts'
import { defaultDataDir, groupOf, personOf } from '../data.ts'
import { eachRecord, withVariant } from '../dataset.ts'
import { featureNames, hash } from '../fit.ts'
import { toSignals } from '../pipeline.ts'
import { shapeWindows } from '../shapes.ts'
import { DATASET, ROOT } from '../train.ts'
import { allWindows } from '../windows.ts'
import { DRAG_FEATURES, dragFeatures } from './features.ts'

export interface DragWindow {
  group: string
  source: string
  /** a hash of who made it (a person, or one bot run) */
  person: number
  human: boolean
  /** a recorder variant (tools/augment.ts): trained on, never scored */
  augmented: boolean
  /** a single-drag window (tools/shapes.ts) */
  single: boolean
  /** pointer events (moves and presses): the amount of evidence */
  events: number
  /** hard evidence (server/scoring/automation.ts) already caps its score below the threshold */
  capped: boolean
  /** the pointer features, then DRAG_FEATURES; null where not measured */
  x: (number | null)[]
}

export interface DragWindows {
  names: string[]
  windows: DragWindow[]
}

const POINTER = featureNames('pointer')
const SINGLE_DRAGS_PER_RECORD = 6

function windowOf(r: TraceRecord, w: TraceRecord, augmented: boolean, single: boolean): DragWindow | null {
  const signals = toSignals(w)
  const events = signals ? signals.moves.length + signals.buttons.length : 0
  if (!signals || events < 8) return null
  const f = extractFeatures(signals)
  if (!((f.get('approach.dragShare') ?? 0) >= DRAG_SHARE)) return null
  const values = [...POINTER.map((n) => f.get(n) ?? NaN), ...dragFeatures(framesOf(prepare(signals)))]
  return {
    group: groupOf(r),
    source: r.source,
    person: hash(personOf(r)),
    human: r.label === 'human',
    augmented,
    single,
    events,
    capped: automationFindings(prepare(signals)).some((f) => f.cap < HUMAN_THRESHOLD),
    x: values.map((v) => (Number.isFinite(v) ? v : null)),
  }
}

export async function dragWindows(dataDir: string, progress: (m: string) => void): Promise<DragWindows> {
  const windows: DragWindow[] = []
  let index = 0
  await eachRecord({ ...DATASET, dataDir, progress }, (r) => {
    if (r.held) return // the evaluation's held-button copies: not a drag kind of their own
    for (const [record, augmented] of withVariant(r, index++)) {
      for (const w of allWindows(record, DATASET.windowsPerRecord)) {
        const d = windowOf(r, w, augmented, false)
        if (d) windows.push(d)
      }
      for (const [shape, w] of shapeWindows(record, SINGLE_DRAGS_PER_RECORD)) {
        const d = shape === 'one drag' ? windowOf(r, w, augmented, true) : null
        if (d) windows.push(d)
      }
    }
  })
  progress(`${windows.length} drag windows`)
  return { names: [...POINTER, ...DRAG_FEATURES], windows }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'tools/drags/windows.ts')) {
  const { values, positionals } = parseArgs({ options: { data: { type: 'string' } }, allowPositionals: true })
  const out = resolve(positionals[0] ?? '/tmp/drag-windows.json')
  const data = await dragWindows(values.data ? resolve(values.data) : defaultDataDir(ROOT), (m) =>
    console.error(m),
  )
  writeFileSync(out, JSON.stringify(data))
  console.error(`${data.windows.length} drag windows -> ${out}`)
}
