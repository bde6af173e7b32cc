/**
 * The VerifyYou contract in the OpenAPI document, for the routes that speak it (server/hosted/ and
 * server/webhooks/, mounted with defineContractRoute): its failure body, its `API-KEY` header scheme, and
 * a route's failure answers as server/http/contract-failure.ts sends them.
 */
import { FAILURE_STATUS, failureResponseSchema, type FailureCode } from '../../shared/contracts/verifyyou.ts'
import { RATE } from './operations.ts'
import { headerRefs, type ContractOperation, type NamedSchema } from './route.ts'

/** `{"status": "failure", "failure_code", "failure_reason"}`: every failure of the contract's routes. */
export const CONTRACT_FAILURE = {
  name: 'ContractFailure',
  schema: failureResponseSchema,
  io: 'output',
} as const satisfies NamedSchema

/** The `API-KEY: <key>` header of the VerifyYou contract's routes. */
export const API_KEY_HEADER_SCHEME = {
  type: 'apiKey',
  in: 'header',
  name: 'API-KEY',
  description: 'the same keys as `Authorization: Bearer` (VerifyYou contract routes only)',
} as const

/**
 * Each failure status of a contract route with its codes, its headers (the burst window once the key is
 * known, on `authed` routes; Retry-After on 429 and 503) and an example per code, whose reason is
 * `reasons[code]` (the code itself where it has none).
 */
export function contractFailures(
  codes: readonly FailureCode[],
  { authed, reasons }: { authed: boolean; reasons: Partial<Record<FailureCode, string>> },
): ContractOperation['responses'] {
  const byStatus = new Map<number, FailureCode[]>()
  for (const code of codes)
    byStatus.set(FAILURE_STATUS[code], [...(byStatus.get(FAILURE_STATUS[code]) ?? []), code])
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.join(', '),
        headers: headerRefs([
          ...(authed && status !== 401 && status !== 413 && status < 500 ? RATE : []),
          ...(status === 429 || status === 503 ? (['Retry-After'] as const) : []),
        ]),
        content: {
          'application/json': {
            schema: CONTRACT_FAILURE,
            examples: Object.fromEntries(
              list.map((code) => [
                code,
                { value: { status: 'failure', failure_code: code, failure_reason: reasons[code] ?? code } },
              ]),
            ),
          },
        },
      },
    ]),
  )
}
