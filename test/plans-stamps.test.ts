/** POY's tiers in the plan table, and stamps a month in HUMA_PLANS files (shared/plans.ts, server/limits/plans.ts). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PLANS } from '../shared/plans.ts'
import { loadPlans } from '../server/limits/plans.ts'
import { stampsPerMonth } from '../server/stamps/service.ts'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
function planFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'huma-plans-'))
  dirs.push(dir)
  const file = join(dir, 'plans.json')
  writeFileSync(file, JSON.stringify(content))
  return file
}

describe('the plan table', () => {
  it("has POY's four tiers: requests per minute and stamps per month", () => {
    expect(
      Object.fromEntries(
        ['poy-free', 'poy-starter', 'poy-growth', 'poy-scale'].map((name) => {
          const plan = PLANS[name as keyof typeof PLANS]
          return [name, [plan.perMinute, plan.stampsPerMonth]]
        }),
      ),
    ).toEqual({
      'poy-free': [100, 50],
      'poy-starter': [500, 1_000],
      'poy-growth': [2_000, 10_000],
      'poy-scale': [5_000, 50_000],
    })
  })

  it("keeps Huma's own plans' requests and verifications as they were", () => {
    expect(PLANS.free).toMatchObject({ perMinute: 60, perMonth: 1_000 })
    expect(PLANS.starter).toMatchObject({ perMinute: 300, perMonth: 10_000 })
    expect(PLANS.growth).toMatchObject({ perMinute: 1_200, perMonth: 100_000 })
    expect(PLANS.scale).toMatchObject({ perMinute: 6_000, perMonth: 1_000_000 })
  })

  it('reads stampsPerMonth from HUMA_PLANS; a built-in plan named again keeps its own, a new one allows 50', () => {
    const plans = loadPlans(
      planFile({
        bulk: { perMinute: 10, perMonth: 10, stampsPerMonth: 7 },
        plain: { perMinute: 10, perMonth: 10 },
        starter: { perMinute: 1, perMonth: 2 },
      }),
    )
    expect(stampsPerMonth(plans.bulk!)).toBe(7)
    expect(stampsPerMonth(plans.plain!)).toBe(50)
    expect(plans.starter).toEqual({ perMinute: 1, perMonth: 2, stampsPerMonth: 1_000 })
    expect(() => loadPlans(planFile({ bad: { perMinute: 1, perMonth: 1, stampsPerMonth: -1 } }))).toThrow(
      /bad.stampsPerMonth/,
    )
  })
})
