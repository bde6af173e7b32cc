/** docs/trust.md says what the code does: its signal table is TRUST_SIGNALS, its webhooks the registry's. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  FULL_ENROLLMENT_AGE_DAYS,
  RECENT_VERIFICATION_DAYS,
  TRUST_SIGNALS,
} from '../shared/contracts/trust.ts'
import { WEBHOOK_EVENTS } from '../server/webhooks/events.ts'

const doc = readFileSync(new URL('../docs/trust.md', import.meta.url), 'utf8')
const rows = (first: RegExp) =>
  doc
    .split('\n')
    .filter((line) => first.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))

describe('docs/trust.md', () => {
  it('lists every signal of the table with its points, in order, and no other', () => {
    const documented = rows(/^\| `[a-z_]+` \| \d/).map(([, name, points]) => [
      name!.replace(/`/g, ''),
      Number(points!.split(' ')[0]),
    ])
    expect(documented).toEqual(TRUST_SIGNALS.map((s) => [s.name, s.points]))
    expect(TRUST_SIGNALS.reduce((sum, s) => sum + s.points, 0)).toBe(100)
    expect(doc).toContain(`within the last ${RECENT_VERIFICATION_DAYS} days`)
    expect(doc).toContain(`full after ${FULL_ENROLLMENT_AGE_DAYS}`)
  })

  it("lists each enrolment and trust webhook with its data's fields", () => {
    for (const type of [
      'enrollment.created',
      'enrollment.revoked',
      'verification.completed',
      'trust.changed',
    ] as const) {
      const row = rows(new RegExp(`^\\| \`${type.replace('.', '\\.')}\` \\|`))[0]
      expect(row, type).toBeDefined()
      const fields = [...row![3]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])
      expect(fields, type).toEqual(Object.keys(WEBHOOK_EVENTS[type].shape))
    }
  })
})
