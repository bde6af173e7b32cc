/** Values the middleware puts on the request context, typed everywhere through hono's map. */
import type { PlanLimits } from '../../shared/plans.ts'
import type { WindowHit } from '../limits/windows-store.ts'
import type { ApiKeyRecord } from './store.ts'

declare module 'hono' {
  interface ContextVariableMap {
    apiKey: ApiKeyRecord
    plan: PlanLimits
    /** the key's burst window after this request's hit (what the X-RateLimit-* headers say) */
    burst: WindowHit
  }
}

export {}
