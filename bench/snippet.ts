/**
 * Snippet cost in real Chromium: time per event spent in the snippet's handlers (dispatch time with
 * the snippet minus without it) and the time of `Huma.signals()` with every buffer full.
 * Run alone with `tsx bench/snippet.ts`, or call benchSnippet() from bench/main.ts.
 */
import { existsSync, readFileSync } from 'node:fs'
import { chromium, type Page } from 'playwright-core'
import { summarise } from './stats.ts'

export interface SnippetBench {
  /** µs per event in the snippet's handlers, by event type (median of alternating rounds' differences) */
  handlerUs: Record<string, number>
  /** ms for one Huma.signals() with every stream at its cap (median) */
  encodeMs: number
  /** length of that payload */
  payloadChars: number
}

const CHROMIUM = '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
]

// In-page code is passed as source text: tsx would otherwise wrap functions in helpers the page lacks.

/** ms to dispatch `n` synthetic events of each kind in `page`, median of `rounds`. */
function dispatchMs(page: Page, n: number, rounds: number): Promise<Record<string, number>> {
  return page.evaluate(`(() => {
    const make = {
      pointermove: (i) => new PointerEvent('pointermove', { clientX: i % 800, clientY: i % 600, bubbles: true }),
      keydown: () => new KeyboardEvent('keydown', { key: 'a', bubbles: true }),
      wheel: () => new WheelEvent('wheel', { deltaY: 40, bubbles: true }),
    }
    const out = {}
    for (const [type, create] of Object.entries(make)) {
      const events = Array.from({ length: ${n} }, (_, i) => create(i))
      const times = []
      for (let r = 0; r < ${rounds}; r++) {
        const start = performance.now()
        for (const e of events) document.body.dispatchEvent(e)
        times.push(performance.now() - start)
      }
      times.sort((a, b) => a - b)
      out[type] = times[Math.floor(times.length / 2)]
    }
    return out
  })()`)
}

/** Fills every stream to its cap with spaced, varied records, then times Huma.signals(). */
const FILL_AND_ENCODE = `(() => {
  let t = performance.now()
  const at = (e) => {
    Object.defineProperty(e, 'timeStamp', { value: (t += 9) })
    document.body.dispatchEvent(e)
  }
  for (let i = 0; i < 3000; i++) {
    at(new PointerEvent('pointermove', { clientX: (i * 37) % 1900, clientY: (i * 53) % 1000, bubbles: true }))
    if (i % 3 === 0) at(new PointerEvent('pointerdown', { clientX: i % 1900, clientY: i % 1000, bubbles: true }))
    at(new KeyboardEvent(i % 2 ? 'keyup' : 'keydown', { key: 'a', bubbles: true }))
    at(new WheelEvent('wheel', { deltaY: (i % 7) * 40 - 120, bubbles: true }))
    if (i % 10 === 0) at(new Event('resize'))
  }
  const times = []
  let length = 0
  for (let r = 0; r < 21; r++) {
    const start = performance.now()
    length = window.Huma.signals().length
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { ms: times[10], length }
})()`

export async function benchSnippet(snippetPath = 'dist/huma.js'): Promise<SnippetBench> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`)
  if (!existsSync(snippetPath)) throw new Error(`${snippetPath} is missing: run npm run build`)
  const code = readFileSync(snippetPath, 'utf8')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  try {
    const plain = await browser.newPage()
    await plain.setContent('<body></body>')
    const withSnippet = await browser.newPage()
    await withSnippet.setContent('<body></body>')
    await withSnippet.addScriptTag({ content: code })

    const n = 20_000
    const rounds = 9
    await dispatchMs(plain, n, 2) // warm up both
    await dispatchMs(withSnippet, n, 2)
    // rounds alternate between the pages, so that a slow spell of the machine lands on both sides of
    // a difference rather than on one side of all of them
    const differences: Record<string, number[]> = {}
    for (let r = 0; r < rounds; r++) {
      const base = await dispatchMs(plain, n, 3)
      const snip = await dispatchMs(withSnippet, n, 3)
      for (const type of Object.keys(base)) (differences[type] ??= []).push(snip[type]! - base[type]!)
    }
    const handlerUs: Record<string, number> = {}
    for (const [type, ms] of Object.entries(differences))
      handlerUs[type] = Math.max(0, (summarise(ms).median * 1000) / n)

    const encode = await withSnippet.evaluate<{ ms: number; length: number }>(FILL_AND_ENCODE)
    return { handlerUs, encodeMs: encode.ms, payloadChars: encode.length }
  } finally {
    await browser.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSnippet()
  for (const [type, us] of Object.entries(result.handlerUs))
    console.log(`snippet handler ${type.padEnd(12)} ${us.toFixed(2)} µs/event`)
  console.log(
    `snippet encode (all streams full) ${result.encodeMs.toFixed(2)} ms, ${result.payloadChars} chars`,
  )
}
