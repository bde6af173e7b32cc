/** The evaluation summary of the issue: overall AUC and rates, and per-group pass rates. */
import { HUMAN_THRESHOLD } from '../server/scoring/index.ts'

export interface Scored {
  group: string
  human: boolean
  confidence: number
  /**
   * false when the call held too little to judge (NO_SIGNALS, TOO_FEW_EVENTS): such calls answer below
   * the threshold by design (no evidence is not a person) and a site sends them to its fallback, so the
   * rates leave them out and report their share apart
   */
  judged?: boolean
  /** ms of activity the verify call saw, first to last event */
  span?: number
}

/** Activity lengths the readable report breaks results down by, seconds. */
export const SPAN_BUCKETS = [
  ['up to 5 s', 0, 5],
  ['5-10 s', 5, 10],
  ['10-30 s', 10, 30],
  ['over 30 s', 30, Infinity],
] as const

/** The overall figures for the calls of each activity length. */
export function bySpan(scored: Scored[]): [string, Summary['overall']][] {
  return SPAN_BUCKETS.map(([name, lo, hi]) => {
    const inside = scored.filter(
      (s) => s.span !== undefined && s.span > lo * 1000 - (lo === 0 ? 1 : 0) && s.span <= hi * 1000,
    )
    return [name, summarise(inside).overall] as [string, Summary['overall']]
  }).filter(([, o]) => o.n > 0)
}

export interface Summary {
  overall: {
    n: number
    humans: number
    bots: number
    auc: number | null
    human_pass_rate: number | null
    bot_block_rate: number | null
    bot_block_rate_at_1pct_fpr: number | null
  }
  groups: Record<string, { n: number; pass_rate: number; median_confidence: number; no_evidence: number }>
}

/** Whether a score judged the call, rather than answering that it held too little (see Scored.judged). */
export function judgedBy(reasons: readonly string[]): boolean {
  return !reasons.includes('NO_SIGNALS') && !reasons.includes('TOO_FEW_EVENTS')
}

/** Area under the ROC curve: the chance a random person scores above a random bot (ties count half). */
export function auc(humans: number[], bots: number[]): number | null {
  if (humans.length === 0 || bots.length === 0) return null
  const all = [...humans.map((v) => [v, 1] as const), ...bots.map((v) => [v, 0] as const)].sort(
    (a, b) => a[0] - b[0],
  )
  let rankSum = 0
  for (let i = 0; i < all.length;) {
    let j = i
    while (j < all.length && all[j]![0] === all[i]![0]) j++
    const rank = (i + 1 + j) / 2
    for (let k = i; k < j; k++) if (all[k]![1] === 1) rankSum += rank
    i = j
  }
  return (rankSum - (humans.length * (humans.length + 1)) / 2) / (humans.length * bots.length)
}

const round = (v: number) => Math.round(v * 10000) / 10000
const share = (xs: number[], ok: (v: number) => boolean) =>
  xs.length ? round(xs.filter(ok).length / xs.length) : null

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length ? (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) : 0
}

export function summarise(all: Scored[]): Summary {
  const scored = all.filter((s) => s.judged !== false)
  const humans = scored.filter((s) => s.human).map((s) => s.confidence)
  const bots = scored.filter((s) => !s.human).map((s) => s.confidence)
  const sortedHumans = [...humans].sort((a, b) => a - b)
  // the threshold that lets 99% of people through, and how many bots fall below it
  const at1 = sortedHumans[Math.floor(0.01 * sortedHumans.length)]
  const a = auc(humans, bots)
  const groups: Summary['groups'] = {}
  for (const g of [...new Set(all.map((s) => s.group))].sort()) {
    const inGroup = all.filter((s) => s.group === g)
    const c = inGroup.filter((s) => s.judged !== false).map((s) => s.confidence)
    groups[g] = {
      n: inGroup.length,
      pass_rate: share(c, (v) => v >= HUMAN_THRESHOLD) ?? 0,
      median_confidence: round(median(c)),
      no_evidence: round(1 - c.length / inGroup.length),
    }
  }
  return {
    overall: {
      n: scored.length,
      humans: humans.length,
      bots: bots.length,
      auc: a === null ? null : round(a),
      human_pass_rate: share(humans, (v) => v >= HUMAN_THRESHOLD),
      bot_block_rate: share(bots, (v) => v < HUMAN_THRESHOLD),
      bot_block_rate_at_1pct_fpr: at1 === undefined ? null : share(bots, (v) => v < at1),
    },
    groups,
  }
}

/** ROC points (false-positive rate = bots passed, true-positive rate = people passed), for the plot. */
export function rocPoints(scored: Scored[]): [number, number][] {
  const h = scored.filter((s) => s.human).length
  const b = scored.length - h
  if (!h || !b) return []
  const sorted = [...scored].sort((x, y) => y.confidence - x.confidence)
  const points: [number, number][] = [[0, 0]]
  let tp = 0
  let fp = 0
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.human) tp++
    else fp++
    if (i === sorted.length - 1 || sorted[i + 1]!.confidence !== sorted[i]!.confidence)
      points.push([fp / b, tp / h])
  }
  return points
}
