/**
 * What an attacker sends: adversarial JSON values and bodies for the property-based tests, a genuine
 * signals payload to mutate, and the check every answer to hostile input must pass.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, expect } from 'vitest'
import { verifyResponseSchema } from '../../shared/api.ts'
import { ERROR_STATUS } from '../../shared/errors.ts'
import { encodeTrace, type TraceEvent } from '../../snippet/trace.ts'
import { PLANS } from '../../shared/plans.ts'
import type { PlanTable } from '../../server/limits/plans.ts'
import { makeTestApp, TEST_PLANS, type TestApp } from './app.ts'

/** TEST_PLANS with `roomy` lifted out of the way, so thousands of cases never meet a limit. */
export const FUZZ_PLANS: PlanTable = { ...PLANS, ...TEST_PLANS, roomy: { perMinute: 1e9, perMonth: 1e9 } }

/** A plausible session: a mouse path, a click, some typing and scrolling, encoded by the snippet's own encoder. */
export function genuinePayload(): string {
  const events: TraceEvent[] = [{ t_ms: 5, type: 'focus' }]
  for (let i = 0; i < 60; i++)
    events.push({ t_ms: 20 + i * 16, type: 'mousemove', x: 100 + i * 3 + (i % 7), y: 200 + ((i * i) % 23) })
  events.push({ t_ms: 1000, type: 'mousedown', x: 280, y: 210, button: 0 })
  events.push({ t_ms: 1090, type: 'mouseup', x: 280, y: 210, button: 0 })
  events.push({ t_ms: 1091, type: 'click', x: 280, y: 210, button: 0 })
  for (let i = 0; i < 12; i++) {
    events.push({ t_ms: 1400 + i * 140 + (i % 3) * 17, type: 'keydown', key: 'letter' })
    events.push({ t_ms: 1480 + i * 140 + (i % 4) * 11, type: 'keyup', key: 'letter' })
  }
  for (let i = 0; i < 6; i++) events.push({ t_ms: 3100 + i * 35, type: 'wheel', deltaY: 100 })
  events.push({ t_ms: 3400, type: 'blur' })
  return encodeTrace(events, { viewport: [1280, 800], nowMs: 3500 })
}

/** Numbers that break naive arithmetic, and strings that look like numbers. */
export const nastyNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    2 ** 31,
    -(2 ** 31),
    2 ** 53,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    1e308,
    5e-324,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
export const nastyString = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '-0',
    '0x10',
    '1',
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\uffff',
  ),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.string({ unit: 'binary', maxLength: 40 }),
)
const nastyKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'v', 'c', 'm', 'userId'),
  fc.string({ maxLength: 8 }),
)

/** Any JSON value, biased toward the shapes that break parsers and validators. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyNumber,
    nastyString,
    fc.constantFrom(null, true, false),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(nastyKey, tie('value'), { maxKeys: 5 }),
  ),
})).value

/** `{"__proto__": {...}}` and friends, written as text so JSON.stringify cannot drop them. */
export const pollutingBodies = [
  '{"userId":"u","__proto__":{"polluted":"yes"}}',
  '{"userId":"u","constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"userId":"u","polluted":"yes"}}',
  '{"userId":{"__proto__":{"polluted":"yes"}}}',
  '{"userId":"u","signals":"{\\"v\\":1,\\"__proto__\\":{\\"polluted\\":\\"yes\\"},\\"c\\":{\\"w\\":1,\\"h\\":1,\\"a\\":0,\\"u\\":0,\\"n\\":0,\\"d\\":0}}"}',
  '{"userId":"u","signals":"{\\"v\\":1,\\"c\\":{\\"__proto__\\":{\\"polluted\\":\\"yes\\"},\\"w\\":1,\\"h\\":1,\\"a\\":0,\\"u\\":0,\\"n\\":0,\\"d\\":0}}"}',
  '{"userId":"u","signals":"{\\"v\\":1,\\"constructor\\":{\\"prototype\\":{\\"polluted\\":1}},\\"c\\":{\\"w\\":1,\\"h\\":1,\\"a\\":0,\\"u\\":0,\\"n\\":0,\\"d\\":0}}"}',
]

export function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined()
}

/**
 * The one rule for hostile input: a 4xx with a published code and a message, or a well-formed 200
 * when the input happens to be valid. Never a 5xx. Returns the status for counting.
 */
export async function expectKnownOutcome(res: Response): Promise<number> {
  const text = await res.text()
  expect(res.status, text).toBeLessThan(500)
  const body = JSON.parse(text) as Record<string, unknown>
  if (res.status === 200) {
    const parsed = verifyResponseSchema.safeParse(body)
    expect(parsed.success, text).toBe(true)
    expect(Number.isFinite(body.confidence), text).toBe(true)
    return 200
  }
  expect(Object.keys(ERROR_STATUS), text).toContain(body.error)
  expect(ERROR_STATUS[body.error as keyof typeof ERROR_STATUS], text).toBe(res.status)
  expect(typeof body.message === 'string' && body.message.length > 0, text).toBe(true)
  return res.status
}

/**
 * Median wall times in ms of `base` and `task`, run alternately after a warm-up so that load from
 * other processes and the JIT weigh on both alike; only their ratio means anything.
 */
export async function interleavedMedians(
  runs: number,
  base: () => Promise<unknown>,
  task: () => Promise<unknown>,
): Promise<{ base: number; task: number }> {
  const time = async (run: () => Promise<unknown>) => {
    const start = performance.now()
    await run()
    return performance.now() - start
  }
  for (let i = 0; i < 3; i++) await Promise.all([base(), task()])
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < runs; i++) {
    a.push(await time(base))
    b.push(await time(task))
  }
  return { base: median(a), task: median(b) }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Counts cases per test file, printed once at the end so SECURITY.md can quote real numbers. */
export function caseCounter(label: string) {
  const counts = new Map<string, number>()
  return {
    add(name: string, n = 1) {
      counts.set(name, (counts.get(name) ?? 0) + n)
    },
    report() {
      const total = [...counts.values()].reduce((a, b) => a + b, 0)
      const lines = [...counts].map(([name, n]) => `  ${name}: ${n}`)
      console.log(`${label}: ${total} cases\n${lines.join('\n')}`)
    },
  }
}

/**
 * The app a fuzz file drives, with a roomy key: made before the file's tests, closed after them with the
 * case counts reported. `user()` is a userId never used before, so the flood limit never answers.
 */
export function fuzzTarget(label: string) {
  const counted = caseCounter(label)
  let t: TestApp | undefined
  let key = ''
  let users = 0
  beforeAll(async () => {
    t = await makeTestApp({ plans: FUZZ_PLANS })
    key = (await t.key('roomy')).key
  })
  afterAll(async () => {
    counted.report()
    await t?.close()
  })
  return {
    counted,
    get t(): TestApp {
      return t!
    },
    get key(): string {
      return key
    },
    user: () => `fuzz_${users++}`,
  }
}
