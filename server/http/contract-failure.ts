/**
 * The VerifyYou contract's failure answer (shared/contracts/verifyyou.ts), shared by the routes that
 * speak it (server/hosted/, server/webhooks/): `{"status": "failure", "failure_code", "failure_reason"}`
 * with the code's status, never cached, and `Retry-After` when the caller should wait.
 */
import type { Context } from 'hono'
import { FAILURE_STATUS, type FailureCode } from '../../shared/contracts/verifyyou.ts'
import { respond, setHeader } from './respond.ts'

export function failure(c: Context, code: FailureCode, reason: string, retryAfterS?: number): Response {
  if (retryAfterS !== undefined) setHeader(c, 'Retry-After', String(Math.max(1, Math.ceil(retryAfterS))))
  setHeader(c, 'Cache-Control', 'no-store')
  return respond(c, { status: 'failure', failure_code: code, failure_reason: reason }, FAILURE_STATUS[code])
}
