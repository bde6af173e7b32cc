/**
 * Real people's pointer strokes and typing rhythm, from the recorded traces in ../shared/data (read at run
 * time, never copied into the repo), replayed through a real browser's input: each stroke is moved and
 * turned (a similarity transform, so its shape and timing stay a person's) to go from where the pointer is
 * to the target. Null when the data is not there: callers fall back and say so.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { readRecords } from '../../tools/data.ts'

const DATA = process.env.HUMA_DATA ?? join('..', 'shared', 'data')

/** One approach to a click: moves relative to its start, times from its first move, ms. */
export type Stroke = { t: number; x: number; y: number }[]

export interface RecordedMotion {
  strokes: Stroke[]
  /** per key: how long it was held, and the gap before the next press, ms */
  keys: { hold: number; gap: number }[]
}

/** Approach strokes (the moves before a press) of 250 ms to 2.5 s with 12 or more moves, from point-and-click people. */
export async function recordedMotion(count = 12): Promise<RecordedMotion | null> {
  const mouse = join(DATA, 'freihaut.jsonl.gz')
  const typing = join(DATA, 'keystrokes.jsonl.gz')
  if (!existsSync(mouse) || !existsSync(typing)) return null
  const strokes: Stroke[] = []
  for await (const r of readRecords(mouse)) {
    let moves: { t_ms: number; x: number; y: number }[] = []
    for (const e of r.events) {
      if (e.type === 'mousemove' && e.x != null && e.y != null) moves.push({ t_ms: e.t_ms, x: e.x, y: e.y })
      else if (e.type === 'mousedown' || e.type === 'click') {
        const last = moves.at(-1)
        // the approach: the moves of the last 2.5 s before the press, and no pause over 300 ms in it
        const approach = moves.filter((m) => last && last.t_ms - m.t_ms <= 2500)
        let from = approach.length - 1
        while (from > 0 && approach[from]!.t_ms - approach[from - 1]!.t_ms < 300) from--
        const stroke = approach.slice(from)
        const span = stroke.length ? stroke.at(-1)!.t_ms - stroke[0]!.t_ms : 0
        const reach = stroke.length
          ? Math.hypot(stroke.at(-1)!.x - stroke[0]!.x, stroke.at(-1)!.y - stroke[0]!.y)
          : 0
        if (stroke.length >= 12 && span >= 250 && reach >= 60) {
          const [first] = stroke
          strokes.push(stroke.map((m) => ({ t: m.t_ms - first!.t_ms, x: m.x - first!.x, y: m.y - first!.y })))
        }
        moves = []
      }
    }
    if (strokes.length >= count) break
  }
  const keys: RecordedMotion['keys'] = []
  for await (const r of readRecords(typing)) {
    const downs = r.events.filter((e) => e.type === 'keydown')
    const ups = r.events.filter((e) => e.type === 'keyup')
    for (let i = 0; i + 1 < downs.length && keys.length < 40; i++) {
      const hold = (ups.find((u) => u.t_ms >= downs[i]!.t_ms)?.t_ms ?? downs[i]!.t_ms + 90) - downs[i]!.t_ms
      const gap = downs[i + 1]!.t_ms - downs[i]!.t_ms
      if (hold > 20 && hold < 400 && gap > 40 && gap < 900) keys.push({ hold, gap })
    }
    if (keys.length >= 40) break
  }
  return strokes.length >= count && keys.length >= 20 ? { strokes, keys } : null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Replays `stroke` from `from` to `to` at its recorded pace; answers where the pointer ends. */
export async function replayStroke(
  page: Page,
  stroke: Stroke,
  from: [number, number],
  to: [number, number],
): Promise<[number, number]> {
  const end = stroke.at(-1)!
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]]
  const reach = Math.hypot(end.x, end.y) || 1
  const scale = Math.hypot(dx, dy) / reach
  const turn = Math.atan2(dy, dx) - Math.atan2(end.y, end.x)
  const [cos, sin] = [Math.cos(turn) * scale, Math.sin(turn) * scale]
  const started = Date.now()
  for (const p of stroke) {
    const wait = p.t - (Date.now() - started)
    if (wait > 0) await sleep(wait)
    await page.mouse.move(from[0] + p.x * cos - p.y * sin, from[1] + p.x * sin + p.y * cos)
  }
  return to
}

/** Types `text` with a recorded person's hold and gap times. */
export async function typeRecorded(page: Page, text: string, keys: RecordedMotion['keys']): Promise<void> {
  let i = 0
  for (const ch of text) {
    const { hold, gap } = keys[i++ % keys.length]!
    await page.keyboard.down(ch)
    await sleep(hold)
    await page.keyboard.up(ch)
    await sleep(Math.max(0, gap - hold))
  }
}
