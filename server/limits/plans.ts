/** The plan table: the built-in plans of shared/plans.ts, overridden or extended by HUMA_PLANS. */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { PLAN_NAME, PLANS, type PlanLimits } from '../../shared/plans.ts'

export type PlanTable = Readonly<Record<string, PlanLimits>>

const limit = z.number().int().min(0).max(1_000_000_000)
const planFileSchema = z.record(
  z.string().regex(PLAN_NAME),
  z.object({ perMinute: limit, perMonth: limit, stampsPerMonth: limit.optional() }).strict(),
)

/** Reads the plan file named by HUMA_PLANS; throws with a readable message when it is wrong. */
export function loadPlans(file: string | undefined): PlanTable {
  if (!file) return PLANS
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (cause) {
    throw new Error(`HUMA_PLANS: cannot read ${file} as JSON`, { cause })
  }
  const parsed = planFileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `HUMA_PLANS: ${file}: ${issue?.path.join('.') || 'the file'} is invalid (${issue?.message})`,
    )
  }
  // a built-in plan named again keeps its stamps a month unless the file says otherwise
  const table: Record<string, PlanLimits> = { ...PLANS }
  for (const [name, limits] of Object.entries(parsed.data)) {
    const { stampsPerMonth, ...rest } = limits
    const base = (PLANS as Record<string, PlanLimits>)[name]?.stampsPerMonth
    const stamps = stampsPerMonth ?? base
    table[name] = stamps === undefined ? rest : { ...rest, stampsPerMonth: stamps }
  }
  return table
}
