/**
 * Key rhythms of real people: each recorded person's presses in order, with hold and gap to the next
 * press. `keyreplay` replays them with their order broken (shuffled, resampled) or time-warped, so what
 * differs from the person is the dependence between consecutive keys, not the distribution of any one.
 */
import type { TraceRecord } from '../data.ts'
import type { TimedKey } from './keyseq.ts'

export type KeyRhythm = TimedKey[]

/** A gap this long ends one rhythm; the next key starts another. */
const BREAK_MS = 3000
/** Rhythms shorter than this are left out. */
const MIN_KEYS = 8

/** The key rhythms of each human record with keys (modifiers left out: they overlap the keys they modify). */
export function rhythmsOf(records: readonly TraceRecord[]): KeyRhythm[] {
  const out: KeyRhythm[] = []
  for (const r of records) {
    if (r.label !== 'human') continue
    const presses: { t: number; cls: string; hold: number }[] = []
    const open = new Map<string, { t: number; cls: string; hold: number }>()
    for (const e of r.events) {
      if (e.type !== 'keydown' && e.type !== 'keyup') continue
      const cls = e.key ?? 'other'
      if (/^(shift|ctrl|alt|meta|capslock|modifier)$/.test(cls)) continue
      if (e.type === 'keydown') {
        if (open.has(cls)) continue
        const p = { t: e.t_ms, cls, hold: 0 }
        presses.push(p)
        open.set(cls, p)
      } else {
        const p = open.get(cls)
        if (p) p.hold = e.t_ms - p.t
        open.delete(cls)
      }
    }
    let run: KeyRhythm = []
    for (let i = 0; i < presses.length; i++) {
      const gap = i + 1 < presses.length ? presses[i + 1]!.t - presses[i]!.t : BREAK_MS
      run.push({ cls: presses[i]!.cls, hold: presses[i]!.hold, gap: Math.min(gap, BREAK_MS) })
      if (gap >= BREAK_MS) {
        if (run.length >= MIN_KEYS) out.push(run)
        run = []
      }
    }
  }
  return out
}
