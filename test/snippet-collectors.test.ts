import { readdirSync } from 'node:fs'
import { Window } from 'happy-dom'
import { beforeEach, describe, expect, it } from 'vitest'
import { decodeSignals, MAX_SIGNALS_LENGTH, STREAMS, type Signals } from '../shared/signals.ts'
import { collectors } from '../snippet/collectors/index.ts'
import { FIELD, install, type Huma } from '../snippet/main.ts'

const person = { webdriver: false, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' } as Navigator

/** A happy-dom page whose clock (performance.now and event times) the test sets. */
function page() {
  const win = new Window({ url: 'https://shop.example/signup', width: 1280, height: 720 })
  let clock = 5000
  Object.defineProperty(win, 'performance', { value: { now: () => clock }, configurable: true })
  const w = win as unknown as globalThis.Window
  const doc = w.document
  /** Dispatches `event` on `target` as if it happened `t` ms after install. */
  const fire = (target: EventTarget, event: Event, t: number) => {
    Object.defineProperty(event, 'timeStamp', { value: 5000 + t })
    clock = Math.max(clock, 5000 + t)
    target.dispatchEvent(event)
  }
  const pointer = (type: string, t: number, x: number, y: number, pointerType = 'mouse') =>
    fire(
      doc.body,
      new win.PointerEvent(type, { clientX: x, clientY: y, pointerType, bubbles: true }) as never,
      t,
    )
  const key = (type: string, t: number, k: string) =>
    fire(doc.body, new win.KeyboardEvent(type, { key: k, bubbles: true }) as never, t)
  return { win, w, doc, fire, pointer, key, tick: (ms: number) => (clock += ms) }
}

function decode(huma: Huma | null): Signals {
  const result = decodeSignals(huma!.signals())
  if (!result.ok) throw new Error(result.message)
  return result.signals
}

describe('snippet collectors in a page', () => {
  let p: ReturnType<typeof page>
  let huma: Huma | null
  beforeEach(() => {
    p = page()
    huma = install(p.w, p.doc, person)
  })

  it('records pointer moves, presses, releases and clicks with viewport positions and pointer type', () => {
    p.pointer('pointermove', 10, 100, 200)
    p.pointer('pointermove', 30, 110.6, 190.2)
    p.pointer('pointerdown', 40, 110, 190, 'pen')
    p.pointer('pointerup', 90, 111, 191, 'pen')
    p.fire(
      p.doc.body,
      new p.win.MouseEvent('click', { clientX: 111, clientY: 191, detail: 1, bubbles: true }) as never,
      91,
    )
    p.fire(p.doc.body, new p.win.MouseEvent('click', { detail: 0, bubbles: true }) as never, 95)
    const s = decode(huma)
    expect(s.moves).toEqual([
      [10, 100, 200],
      [30, 111, 190],
    ])
    expect(s.buttons).toEqual([
      [40, 'down', 110, 190, 'pen'],
      [90, 'up', 111, 191, 'pen'],
      [91, 'click', 111, 191, 'mouse'],
    ])
    expect(s.context).toMatchObject({ w: 1280, h: 720, a: 0, n: 6, d: 95 })
  })

  it('follows a finger through touch events, also while the browser pans, and not twice through pointer events', () => {
    const touch = (type: string, t: number, x: number, y: number) => {
      const finger = new p.win.Touch({ identifier: 1, target: p.doc.body as never, clientX: x, clientY: y })
      p.fire(p.doc.body, new p.win.TouchEvent(type, { changedTouches: [finger], bubbles: true }) as never, t)
    }
    touch('touchstart', 10, 50, 400)
    p.pointer('pointerdown', 10, 50, 400, 'touch')
    touch('touchmove', 30, 52, 380)
    p.pointer('pointermove', 30, 52, 380, 'touch')
    touch('touchmove', 50, 55, 340)
    touch('touchend', 70, 56, 330)
    p.fire(
      p.doc.body,
      new p.win.PointerEvent('click', {
        clientX: 56,
        clientY: 330,
        pointerType: 'touch',
        detail: 1,
        bubbles: true,
      }) as never,
      71,
    )
    const s = decode(huma)
    expect(s.moves).toEqual([
      [30, 52, 380],
      [50, 55, 340],
    ])
    expect(s.buttons).toEqual([
      [10, 'down', 50, 400, 'touch'],
      [70, 'up', 56, 330, 'touch'],
      [71, 'click', 56, 330, 'touch'],
    ])
  })

  it('keeps moves bounded under a 1000 Hz mouse and always keeps the newest one', () => {
    for (let t = 0; t < 40_000; t++) p.pointer('pointermove', t, t % 1000, 5)
    const text = huma!.signals()
    const s = decode(huma)
    expect(text.length).toBeLessThanOrEqual(MAX_SIGNALS_LENGTH)
    expect(s.moves).toHaveLength(STREAMS.m.maxRecords)
    expect(s.moves.at(-1)).toEqual([39_999, 999, 5])
    expect(s.context.n).toBe(40_000)
  })

  it('never loses the last move before a click that follows within the sampling gap', () => {
    p.pointer('pointermove', 100, 10, 10)
    p.pointer('pointermove', 103, 42, 43)
    p.pointer('pointerdown', 104, 42, 43)
    expect(decode(huma).moves.at(-1)).toEqual([103, 42, 43])
  })

  it('counts script-dispatched pointer input as untrusted, not the keys, clicks and resizes page code and password managers send', () => {
    p.pointer('pointermove', 1, 1, 1)
    p.pointer('pointerdown', 2, 1, 1)
    p.key('keydown', 3, 'a')
    p.fire(p.w, new p.win.Event('resize') as never, 4)
    p.pointer('click', 5, 1, 1)
    expect(decode(huma).context).toMatchObject({ n: 5, u: 2 })
  })

  it('keeps only key classes: no key, character or pasted text reaches the payload', () => {
    const input = p.doc.createElement('input')
    p.doc.body.appendChild(input)
    let t = 0
    p.fire(p.doc.body, new p.win.Event('keydown', { bubbles: true }) as never, 1)
    for (const k of [
      'Shift',
      'Q',
      'x',
      'é',
      'ж',
      '7',
      ' ',
      '!',
      'Backspace',
      'Enter',
      'ArrowLeft',
      'Tab',
      'Dead',
    ]) {
      p.key('keydown', (t += 50), k)
      p.key('keyup', (t += 30), k)
    }
    const paste = new p.win.Event('paste', { bubbles: true })
    Object.defineProperty(paste, 'clipboardData', { value: { getData: () => 'hunter2' } })
    p.fire(input as never, paste as never, (t += 10))
    const text = huma!.signals()
    expect(text).toMatch(/^[{}[\]",:0-9vcwhaundmbkse-]*$/)
    const s = decode(huma)
    expect(s.keys.filter(([, kind]) => kind === 'down').map(([, , cls]) => cls)).toEqual([
      'other',
      'modifier',
      'letter',
      'letter',
      'letter',
      'letter',
      'digit',
      'space',
      'other',
      'backspace',
      'enter',
      'navigation',
      'navigation',
      'other',
    ])
    expect(s.page).toEqual([[t, 'paste']])
  })

  it('records wheel deltas with their mode and the page scroll position', () => {
    p.fire(
      p.doc.body,
      new p.win.WheelEvent('wheel', { deltaY: 120, deltaMode: 0, bubbles: true }) as never,
      5,
    )
    p.fire(p.doc.body, new p.win.WheelEvent('wheel', { deltaY: -3, deltaMode: 1, bubbles: true }) as never, 6)
    p.win.scrollTo(0, 300)
    p.fire(p.doc, new p.win.Event('scroll', { bubbles: true }) as never, 20)
    expect(decode(huma).scrolls).toEqual([
      [5, 'wheel', 120, 0],
      [6, 'wheel', -3, 1],
      [20, 'scroll', 300, 0],
    ])
  })

  it('records the page gaining and losing focus, hiding and resizing, but not focus moving between fields', () => {
    const input = p.doc.createElement('input')
    p.doc.body.appendChild(input)
    p.fire(p.w, new p.win.FocusEvent('blur') as never, 10)
    p.fire(input as never, new p.win.FocusEvent('focus') as never, 15)
    p.fire(p.w, new p.win.FocusEvent('focus') as never, 20)
    p.fire(p.doc, new p.win.Event('visibilitychange', { bubbles: true }) as never, 30)
    p.fire(p.w, new p.win.Event('resize') as never, 40)
    expect(decode(huma).page).toEqual([
      [10, 'blur'],
      [20, 'focus'],
      [30, 'visible'],
      [40, 'resize'],
    ])
  })
})

describe('snippet install', () => {
  it('fills a hidden huma_signals input of a data-huma form at submit time', () => {
    const p = page()
    const huma = install(p.w, p.doc, person)
    p.doc.body.innerHTML = '<form data-huma><input name="email"></form><form id="plain"></form>'
    const [marked, plain] = [...p.doc.querySelectorAll('form')] as HTMLFormElement[]
    p.pointer('pointermove', 10, 5, 5)
    p.fire(marked!, new p.win.SubmitEvent('submit', { bubbles: true, cancelable: true }) as never, 20)
    const field = marked!.querySelector<HTMLInputElement>(`input[name="${FIELD}"]`)
    expect(field?.type).toBe('hidden')
    expect(decodeSignals(field!.value)).toMatchObject({ ok: true, signals: { moves: [[10, 5, 5]] } })
    p.pointer('pointermove', 30, 6, 6)
    p.fire(marked!, new p.win.SubmitEvent('submit', { bubbles: true, cancelable: true }) as never, 40)
    expect(marked!.querySelectorAll(`input[name="${FIELD}"]`)).toHaveLength(1)
    expect(field!.value).toBe(huma!.signals())
    p.fire(plain!, new p.win.SubmitEvent('submit', { bubbles: true, cancelable: true }) as never, 50)
    expect(plain!.querySelector('input')).toBeNull()
  })

  it('adds the signals to the entry list of a data-huma form sent without a submit event', () => {
    const p = page()
    install(p.w, p.doc, person)
    p.doc.body.innerHTML = '<form data-huma></form><form></form>'
    const [marked, plain] = [...p.doc.querySelectorAll('form')] as HTMLFormElement[]
    p.pointer('pointermove', 10, 5, 5)
    const entries = (form: HTMLFormElement) => {
      // what a browser dispatches while building the entry list of form.submit() or new FormData(form)
      const formData = new p.win.FormData() as unknown as FormData
      const event = new p.win.Event('formdata', { bubbles: true })
      Object.defineProperty(event, 'formData', { value: formData })
      form.dispatchEvent(event as never)
      return formData
    }
    const signals = entries(marked!).get(FIELD)
    expect(decodeSignals(String(signals))).toMatchObject({ ok: true, signals: { moves: [[10, 5, 5]] } })
    expect(entries(plain!).has(FIELD)).toBe(false)
  })

  it('fills the forms and field its script tag names with data-form and data-field', () => {
    const p = page()
    install(p.w, p.doc, person, { form: 'form.checkout', field: 'evidence' })
    p.doc.body.innerHTML = '<form class="checkout"></form><form data-huma></form>'
    const [chosen, marked] = [...p.doc.querySelectorAll('form')] as HTMLFormElement[]
    p.pointer('pointermove', 10, 5, 5)
    p.fire(chosen!, new p.win.SubmitEvent('submit', { bubbles: true, cancelable: true }) as never, 20)
    p.fire(marked!, new p.win.SubmitEvent('submit', { bubbles: true, cancelable: true }) as never, 30)
    const field = chosen!.querySelector<HTMLInputElement>('input[name="evidence"]')
    expect(decodeSignals(field!.value)).toMatchObject({ ok: true, signals: { moves: [[10, 5, 5]] } })
    expect(chosen!.querySelector(`input[name="${FIELD}"]`)).toBeNull()
    // the default selector no longer applies once the tag names its own
    expect(marked!.querySelector('input')).toBeNull()
  })

  it('leaves an existing window.Huma untouched and installs nothing', () => {
    const p = page()
    const theirs = { signals: () => 'theirs' }
    Object.assign(p.w, { Huma: theirs })
    expect(install(p.w, p.doc, person)).toBeNull()
    expect((p.w as unknown as { Huma: unknown }).Huma).toBe(theirs)
  })

  it('defines window.Huma once and a second install leaves it alone', () => {
    const p = page()
    const first = install(p.w, p.doc, person)
    expect((p.w as unknown as { Huma: unknown }).Huma).toBe(first)
    expect(install(p.w, p.doc, person)).toBeNull()
    expect((p.w as unknown as { Huma: unknown }).Huma).toBe(first)
  })

  it('reports automation markers of a driven browser', () => {
    const p = page()
    const driven = { webdriver: true, userAgent: 'Mozilla/5.0 HeadlessChrome/140.0.0.0' } as Navigator
    Object.assign(p.w, { callPhantom: () => {} })
    expect(decode(install(p.w, p.doc, driven)).context.a).toBe(1 | 2 | 4)
  })

  it('never throws into the page', () => {
    const p = page()
    const huma = install(p.w, p.doc, person)
    const bad = new p.win.PointerEvent('pointerdown', { bubbles: true })
    Object.defineProperty(bad, 'clientX', {
      get() {
        throw new Error('boom')
      },
    })
    expect(() => p.fire(p.doc.body, bad as never, 1)).not.toThrow()
    Object.defineProperty(p.w, 'innerWidth', {
      get() {
        throw new Error('boom')
      },
    })
    expect(huma!.signals()).toBe('')
    const broken = {
      addEventListener() {
        throw new Error('boom')
      },
    } as unknown as globalThis.Window
    expect(install(broken, p.doc, person)).toBeNull()
  })
})

describe('collector registry', () => {
  it('registers every collector file in snippet/collectors', async () => {
    const files = readdirSync('snippet/collectors').filter(
      (f) => f.endsWith('.ts') && !['index.ts', 'listen.ts'].includes(f),
    )
    expect(files.length).toBeGreaterThan(0)
    const registered = new Set<unknown>(Object.values(collectors))
    for (const file of files) {
      const mod: Record<string, unknown> = await import(`../snippet/collectors/${file}`)
      const creators = Object.entries(mod).filter(([name]) => /^create\w+Collector$/.test(name))
      expect(creators, `${file} exports a create…Collector`).toHaveLength(1)
      expect(registered.has(creators[0]![1]), `${file} is registered in collectors/index.ts`).toBe(true)
    }
  })
})
