/** The answer of GET /api/v1/limits: the caller's limits as they stand after this call. */
import { z } from 'zod'

const count = z.number().int().min(0)

export const limitsResponseSchema = z.object({
  key_id: z.string(),
  plan: z.string(),
  mode: z.enum(['live', 'test']),
  burst: z.object({ limit: count, remaining: count, reset_s: count }),
  month: z.object({
    month: z.string().regex(/^\d{4}-\d{2}$/),
    limit: count,
    used: count,
    remaining: count,
    counted: z.boolean(),
    resets_at: z.iso.datetime(),
  }),
  trial_ends_at: z.iso.datetime().nullable(),
})

export type LimitsResponse = z.infer<typeof limitsResponseSchema>
