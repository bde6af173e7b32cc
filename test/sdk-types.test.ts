/**
 * The client package declares the API's shapes itself (it ships without zod or shared/). These
 * assertions are checked by `tsc -b`, part of `npm test`: a field added to a schema in shared/ and
 * not to sdk/types.ts fails the type-check.
 */
import { describe, expectTypeOf, it } from 'vitest'
import type { Reason as ClientReason, ErrorCode as ClientErrorCode } from 'huma/node'
import type * as client from 'huma/node'
import type * as api from '../shared/api.ts'
import type { ErrorCode } from '../shared/errors.ts'
import type { REASONS, Reason } from '../shared/reasons.ts'

// key_revoked arrives with the token-revocation change on the server; the client reads it already.
type WithoutRevoked<T> = Omit<T, 'key_revoked'>

describe('the client package types', () => {
  it('are the server schemas exactly', () => {
    expectTypeOf<client.VerifyResponse>().toEqualTypeOf<api.VerifyResponse>()
    expectTypeOf<client.TokenClaims>().toEqualTypeOf<api.TokenClaims>()
    expectTypeOf<WithoutRevoked<client.TokenVerifyResponse>>().toEqualTypeOf<
      WithoutRevoked<api.TokenVerifyResponse>
    >()
    expectTypeOf<ClientReason>().toEqualTypeOf<Reason>()
    expectTypeOf<ClientErrorCode>().toEqualTypeOf<ErrorCode>()
    expectTypeOf<(typeof REASONS)[number]>().toEqualTypeOf<ClientReason>()
  })
})
